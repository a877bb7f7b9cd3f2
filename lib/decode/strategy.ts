/**
 * The contract between the decoding driver (`run-decode.ts`) and a search strategy (greedy, sampling, beam search),
 * after OpenNMT-py's `DecodeStrategy`: the driver steps the model; the strategy chooses tokens, keeps hypotheses on
 * the host, and says which state rows survive into the next step.
 *
 * Rows: the model state holds N rows, grouped by sentence (one row per live sentence for greedy/sampling, K per live
 * sentence for beam search). Finished sentences leave the rows, so they cost nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BOS_ID } from '../text/special-ids.js';
import type { Hypothesis } from './hypothesis.js';
import type { HostStepScores } from './host-scores.js';

/** What step processors and the model see of the search at one step. */
export interface StepContext {
  /** t: tokens generated so far by every row (0 at the first step); all rows are at the same step. */
  readonly step: number;
  /** Tokens fed to the model at this step, [N] int32 (bos at the first step). Owned by the driver. */
  readonly inputTokens: tf.Tensor1D;
  /** Generated tokens of each row so far (no bos), N arrays of length t. */
  readonly history: readonly (readonly number[])[];
  /** Batch index of the sentence each row belongs to, [N]. */
  readonly rowSentence: readonly number[];
  /** Max output length of each row's sentence (eos is forced when t reaches it), [N]. */
  readonly rowMaxLength: readonly number[];
}

/** What a row of any search carries that the step context is built from. */
export interface RowProgress {
  /** Tokens generated so far (no bos). */
  readonly tokens: readonly number[];
  /** Batch index of the row's sentence. */
  readonly sentence: number;
}

/** A search row before its first step: sentence b, nothing generated, zero scores. */
export interface FreshRow {
  sentence: number;
  tokens: number[];
  logProb: number;
  fused: number;
  attention: number[][] | undefined;
}

/** One fresh row per sentence of the batch (attention collected on request). */
export function startRows(batchSize: number, collectAttention: boolean): FreshRow[] {
  return Array.from({ length: batchSize }, (_, sentence) => ({
    sentence,
    tokens: [],
    logProb: 0,
    fused: 0,
    attention: collectAttention ? [] : undefined,
  }));
}

/** The `StepContext` of rows at step `step`: each row's last token (bos at the start) is the next input. */
export function rowsContext(step: number, rows: readonly RowProgress[], maxLengths: readonly number[]): StepContext {
  return {
    step,
    inputTokens: tf.tensor1d(
      rows.map((r) => r.tokens.at(-1) ?? BOS_ID),
      'int32',
    ),
    history: rows.map((r) => r.tokens),
    rowSentence: rows.map((r) => r.sentence),
    rowMaxLength: rows.map((r) => maxLengths[r.sentence]!),
  };
}

/** One step's model output as a strategy receives it. Owned by the driver. */
export interface StepScores {
  /** Log-probabilities after the step processors (bans, LM fusion): what the search ranks by. [N, V] */
  scores: tf.Tensor2D;
  /** The model's own log p(y_i | y_<i, x): what `Hypothesis.logProb` sums. [N, V] */
  logProbs: tf.Tensor2D;
  /** Attention over source positions, [N, S] (seq2seq models only). */
  attention?: tf.Tensor2D | undefined;
}

export interface DecodeStrategy {
  /** True when every sentence has finished. */
  readonly isDone: boolean;
  /** The context of the next step; `inputTokens` is a fresh tensor the driver disposes. */
  context(): StepContext;
  /** Chooses tokens from one step's scores; moves hypotheses that produced eos to the finished lists. */
  advance(step: StepScores): Promise<void>;
  /**
   * Optional: the same choice from host scores (host-scores.ts), identical to `advance` on the same log-probs. Present
   * only when the strategy can choose on the host (not for sampling); a property, so that a strategy may compute it
   * (a getter answering `undefined` when it cannot).
   */
  readonly advanceHost?: ((step: HostStepScores) => void) | undefined;
  /**
   * Rows of the current state to carry into the next step, in order (beam reordering; finished sentences dropped),
   * as [N'] int32, or null when the rows stay as they are. A fresh tensor the driver disposes.
   */
  selectedRows(): tf.Tensor1D | null;
  /** The n-best list of every sentence (best first), in batch order. */
  finalize(): Hypothesis[][];
}

/**
 * A decoding constraint or score adjustment applied to each step's log-probabilities, after transformers.js's logits
 * processors: `(context, logProbs [N, V]) → logProbs [N, V]`. `apply` returns a new tensor (or a promise of one, when it
 * steps an asynchronous model such as an ONNX Runtime LM) and leaves its input alone.
 */
export interface StepProcessor {
  readonly name: string;
  apply(context: StepContext, logProbs: tf.Tensor2D): tf.Tensor2D | Promise<tf.Tensor2D>;
  /**
   * Optional: the same processing as `apply` for a processor that only bans tokens, done in place on host scores
   * [N, V] row-major: sets banned entries to −∞ and leaves the others alone. Processors that change scores otherwise
   * (LM fusion) leave it out, and the driver takes the tensor path.
   */
  banHost?(context: StepContext, scores: Float32Array, vocab: number): void;
  /** Keeps and reorders rows of the processor's own state, with the same `rows` as the model state ([N'] int32). */
  select?(rows: tf.Tensor1D): void;
  /** Frees the processor's tensors. */
  dispose?(): void;
}
