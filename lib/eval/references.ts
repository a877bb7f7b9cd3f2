/**
 * Reference streams in sacreBLEU's layout: `references[k][i]` is the k-th reference of segment i (one array per
 * reference file). Per segment, empty references are dropped (a segment may have fewer references), as sacreBLEU
 * does; a segment left with none is an error.
 */
import { DataError } from '../errors.js';
import type { NumRefs } from './signature.js';

export interface AlignedReferences {
  /** `segments[i]` = the non-empty references of segment i. */
  segments: string[][];
  /** The signature's `nrefs`: the common count, or `'var'`. */
  numRefs: NumRefs;
}

/**
 * Checks that every reference stream has one line per hypothesis and regroups them per segment.
 * @throws DataError `E_LINE_COUNT` (counts differ), `E_NO_REFERENCE` (no stream, or a segment whose references are all empty).
 */
export function alignReferences(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
): AlignedReferences {
  if (references.length === 0) {
    throw new DataError(
      'E_NO_REFERENCE',
      'expected at least one reference stream, got none: pass one array of reference lines per reference file',
    );
  }
  references.forEach((stream, k) => {
    if (stream.length !== hypotheses.length) {
      throw new DataError(
        'E_LINE_COUNT',
        `hypotheses have ${hypotheses.length} lines but reference ${k + 1} has ${stream.length}: each reference must have one line per hypothesis line`,
        { hypLines: hypotheses.length, refLines: stream.length, reference: k + 1 },
      );
    }
  });
  const counts = new Set<number>();
  const segments = hypotheses.map((_, i) => {
    const refs = references.map((stream) => stream[i]!).filter((r) => r !== '');
    if (refs.length === 0) {
      throw new DataError(
        'E_NO_REFERENCE',
        `segment ${i + 1} has only empty references: expected at least one non-empty reference line`,
        { segment: i + 1 },
      );
    }
    counts.add(refs.length);
    return refs;
  });
  const only = [...counts];
  return { segments, numRefs: only.length === 1 ? only[0]! : hypotheses.length === 0 ? references.length : 'var' };
}
