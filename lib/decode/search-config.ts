/** What every search strategy is told about the batch it decodes, and small host-side helpers they share. */
import type { LengthPenalty } from './length-penalty.js';

export interface SearchConfig {
  /** B: sentences in the batch (rows of the initial state). */
  batchSize: number;
  /** Max output tokens of each sentence (eos is forced there), [B]. */
  maxLengths: readonly number[];
  /** Divisor of the summed log-probability of a finished hypothesis, as a function of |y| (eos included). */
  lengthPenalty: LengthPenalty;
  /** Keep each hypothesis's attention rows (`Hypothesis.attention`, [T][S]). */
  collectAttention: boolean;
  /** Real source length of each sentence, [B]: attention rows are cut to it. Without it rows keep all S columns. */
  sourceLengths?: readonly number[] | undefined;
}

/** Row `row` of host attention data [N, S], cut to the sentence's real source length. */
export function attentionRow(
  data: Float32Array,
  row: number,
  width: number,
  sourceLength: number | undefined,
): number[] {
  const start = row * width;
  return Array.from(data.subarray(start, start + Math.min(width, sourceLength ?? width)));
}
