/**
 * No repeated n-grams (fairseq `--no-repeat-ngram-size`, Paulus et al., 2018): a token y is banned for a row when
 * the row's last n−1 tokens followed by y already occur as an n-gram in the row's output. Computed on the host from
 * the histories (they are there anyway), applied as a sparse −∞ update.
 */
import type { StepProcessor } from '../strategy.js';
import { banPairs } from './token-mask.js';

/** Tokens that would repeat an n-gram of size `n` after `history`. */
export function repeatedNgramTokens(history: readonly number[], n: number): number[] {
  const t = history.length;
  if (n < 1 || t < n - 1) return [];
  const banned = new Set<number>();
  // Every earlier n-gram start i whose first n−1 tokens equal the last n−1 tokens bans its n-th token.
  for (let i = 0; i + n - 1 < t; i++) {
    let same = true;
    for (let j = 0; j < n - 1 && same; j++) same = history[i + j] === history[t - n + 1 + j];
    if (same) banned.add(history[i + n - 1]!);
  }
  return [...banned];
}

export function noRepeatNgram(size: number): StepProcessor {
  return {
    name: 'no-repeat-ngram',
    apply: (context, logProbs) =>
      banPairs(
        logProbs,
        context.history.flatMap((history, row) =>
          repeatedNgramTokens(history, size).map((token) => [row, token] as const),
        ),
      ),
    banHost: (context, scores, vocab) =>
      context.history.forEach((history, row) => {
        for (const token of repeatedNgramTokens(history, size)) scores[row * vocab + token] = -Infinity;
      }),
  };
}
