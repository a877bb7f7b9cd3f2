/**
 * Perplexity, the one definition every figure in the project uses:
 *   PPL = exp(H),   H = −(1/N) Σ_t log p(w_t | w_<t)   (the mean cross-entropy per token, in nats)
 * A sentence or corpus with total log-probability `logProb` over N tokens has `perplexity(−logProb / N)`.
 *
 * @example
 * perplexity(Math.log(10)); // 10: as uncertain as a uniform choice among 10 tokens
 */
export function perplexity(crossEntropy: number): number {
  return Math.exp(crossEntropy);
}
