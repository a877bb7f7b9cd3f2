/** N-gram counting shared by BLEU (word n-grams) and chrF (character n-grams). */

/** Counts of n-grams keyed by their text (word n-grams joined with a space). */
export type NgramCounts = Map<string, number>;

/** Word n-grams of order `n` of `tokens` (tokens contain no spaces), keyed by the tokens joined with a space. */
export function wordNgrams(tokens: readonly string[], n: number): NgramCounts {
  const counts: NgramCounts = new Map();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Word n-grams of every order `1..maxOrder` in one map (orders never collide: an n-gram has n−1 spaces). */
export function wordNgramsUpTo(tokens: readonly string[], maxOrder: number): NgramCounts {
  const counts: NgramCounts = new Map();
  for (let n = 1; n <= maxOrder; n++) for (const [key, c] of wordNgrams(tokens, n)) counts.set(key, c);
  return counts;
}

/** Character n-grams of order `n` over a list of characters (code points). */
export function charNgrams(chars: readonly string[], n: number): NgramCounts {
  const counts: NgramCounts = new Map();
  for (let i = 0; i + n <= chars.length; i++) {
    const key = chars.slice(i, i + n).join('');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Total count of all n-grams in `counts`. */
export function totalCount(counts: NgramCounts): number {
  let total = 0;
  for (const c of counts.values()) total += c;
  return total;
}

/** Clipped matches `Σ_g min(hyp(g), ref(g))` (the size of the multiset intersection). */
export function clippedMatches(hyp: NgramCounts, ref: NgramCounts): number {
  let matches = 0;
  for (const [gram, count] of hyp) {
    const r = ref.get(gram);
    if (r !== undefined) matches += Math.min(count, r);
  }
  return matches;
}

/** Element-wise maximum of several count maps (the multi-reference clipping counts of BLEU). */
export function maxCounts(all: readonly NgramCounts[]): NgramCounts {
  const merged: NgramCounts = new Map();
  for (const counts of all) {
    for (const [gram, count] of counts) merged.set(gram, Math.max(merged.get(gram) ?? 0, count));
  }
  return merged;
}
