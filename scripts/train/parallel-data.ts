/**
 * Reads parallel training data for `s2s train`: a TSV with named columns, or two aligned text files. Reports lines
 * with repaired bytes and pairs dropped by the length filter.
 */
import { readTsvFile } from '../../lib/text/corpus/tsv.js';
import { readAlignedFiles } from '../../lib/text/corpus/aligned.js';
import { OptionError } from '../../lib/errors.js';

export interface TextPairs {
  sources: string[];
  targets: string[];
}

export interface ParallelSource {
  /** TSV file with a header */
  tsv?: string;
  srcColumn?: string;
  tgtColumn?: string;
  /** or two aligned files */
  srcFile?: string;
  tgtFile?: string;
}

export async function readParallel(source: ParallelSource, what: string): Promise<TextPairs> {
  const pairs: TextPairs = { sources: [], targets: [] };
  if (source.tsv) {
    if (!source.srcColumn || !source.tgtColumn)
      throw new OptionError(
        'E_OPTION_MISSING',
        `${what}: a TSV needs --src-column and --tgt-column naming two header columns`,
      );
    for await (const row of readTsvFile(source.tsv, [source.srcColumn, source.tgtColumn])) {
      pairs.sources.push(row.values[0]!);
      pairs.targets.push(row.values[1]!);
    }
  } else if (source.srcFile && source.tgtFile) {
    for await (const pair of readAlignedFiles(source.srcFile, source.tgtFile)) {
      pairs.sources.push(pair.source);
      pairs.targets.push(pair.target);
    }
  } else {
    throw new OptionError(
      'E_OPTION_MISSING',
      `${what}: give a TSV file (--train FILE.tsv --src-column A --tgt-column B) or two aligned files (--train-src FILE --train-tgt FILE)`,
    );
  }
  return pairs;
}
