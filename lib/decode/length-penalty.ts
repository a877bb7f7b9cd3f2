/**
 * Length normalisation for beam search: a finished hypothesis y is ranked by `score(y) = s(y) / lp(|y|)`, where
 * `s(y)` is its summed (fused) log-probability and |y| counts its tokens including the final eos. Without it, beam
 * search prefers short outputs, because every extra token adds a negative log-probability.
 *
 * Pure functions of the length; every `lp` is ≥ 1 for |y| ≥ 1 and non-decreasing in |y|, which the beam's early
 * finishing test relies on.
 */

export const LENGTH_PENALTIES = ['none', 'avg', 'wu'] as const;
export type LengthPenaltyName = (typeof LENGTH_PENALTIES)[number];

/** lp(|y|): the divisor of a hypothesis's summed log-probability. */
export type LengthPenalty = (length: number) => number;

/** No normalisation: `lp(|y|) = 1`. */
export function noPenalty(_length: number): number {
  return 1;
}

/** Average log-probability per token: `lp(|y|) = |y|`. */
export function averagePenalty(length: number): number {
  return length;
}

/** GNMT's constant added to the length before scaling (Wu et al., 2016, eq. 14). */
const WU_LENGTH_OFFSET = 5;
/** GNMT's normaliser for the offset, so lp(1) = 1. */
const WU_LENGTH_SCALE = 6;

/**
 * GNMT length penalty: `lp(|y|) = ((5 + |y|) / 6)^α` (Wu et al., 2016, "Google's Neural Machine Translation System",
 * arXiv:1609.08144, eq. 14). α = 0 is no normalisation; α = 1 is close to the average; the paper tunes α ∈ [0.6, 0.7].
 */
export function wuPenalty(length: number, alpha: number): number {
  return Math.pow((WU_LENGTH_OFFSET + length) / WU_LENGTH_SCALE, alpha);
}

/** The penalty named by `--length-penalty` (α is used by `wu` only). */
export function lengthPenalty(name: LengthPenaltyName, alpha: number): LengthPenalty {
  switch (name) {
    case 'none':
      return noPenalty;
    case 'avg':
      return averagePenalty;
    case 'wu':
      return (length) => wuPenalty(length, alpha);
  }
}
