/**
 * Length and length-ratio filters for parallel training data, counting what they drop.
 *
 * A pair (s, t) with lengths |s|, |t| (in tokens, by the given `length` function; default whitespace words) is kept
 * when  minLength ≤ |s|, |t| ≤ maxLength  and  max(|s|, |t|) / max(1, min(|s|, |t|)) ≤ maxRatio.
 * Checks run in that order and a dropped pair is counted once, under the first rule it fails.
 */
export interface LengthFilterOptions {
  minLength?: number;
  maxLength?: number;
  maxRatio?: number;
  length?: (text: string) => number;
}

export interface FilterCounts {
  kept: number;
  tooShort: number;
  tooLong: number;
  badRatio: number;
}

const wordCount = (text: string): number => (text.trim() === '' ? 0 : text.trim().split(/\s+/u).length);

export class LengthFilter {
  readonly counts: FilterCounts = { kept: 0, tooShort: 0, tooLong: 0, badRatio: 0 };
  private readonly o: Required<LengthFilterOptions>;

  constructor(options: LengthFilterOptions = {}) {
    this.o = {
      minLength: 1,
      maxLength: Number.POSITIVE_INFINITY,
      maxRatio: Number.POSITIVE_INFINITY,
      length: wordCount,
      ...options,
    };
  }

  /** Applies the rule in the module comment and updates `counts`. */
  accept(source: string, target: string): boolean {
    const a = this.o.length(source);
    const b = this.o.length(target);
    if (Math.min(a, b) < this.o.minLength) this.counts.tooShort++;
    else if (Math.max(a, b) > this.o.maxLength) this.counts.tooLong++;
    else if (Math.max(a, b) / Math.max(1, Math.min(a, b)) > this.o.maxRatio) this.counts.badRatio++;
    else {
      this.counts.kept++;
      return true;
    }
    return false;
  }

  /** Filters an async stream of pairs; read `counts` once it is consumed. */
  async *filter<P extends { source: string; target: string }>(pairs: AsyncIterable<P>): AsyncGenerator<P> {
    for await (const pair of pairs) if (this.accept(pair.source, pair.target)) yield pair;
  }
}
