/**
 * What a decoding strategy needs from a model. Both the seq2seq decoder and the language model implement it, so
 * greedy, sampling and beam search, and LM fusion, are written once against this interface.
 *
 * Rows: a decoding state holds N rows (N = B for greedy/sampling, B·K for beam search). Tensors live on the backend;
 * the caller owns and disposes what it receives.
 *
 * Two engines implement it: the tfjs models (synchronous: `SyncStepModel`) and ONNX Runtime (lib/onnx), whose
 * sessions run asynchronously, so `step` may return a promise and the decoding code awaits it.
 */
import type * as tf from '@tensorflow/tfjs-core';

export interface StepOutput<State> {
  /** log p(y_i | y_<i, x) for every row: [N, V], float32. */
  logProbs: tf.Tensor2D;
  /** State after consuming the given tokens. */
  state: State;
  /** Attention weights over source positions for this step: [N, S] (seq2seq only). */
  attention?: tf.Tensor2D;
}

/** A step's output on the host (`StepModel.stepHost`). The decoding code owns the arrays and may write to them. */
export interface HostStepOutput<State> {
  /** log p(y_i | y_<i, x) for every row: [N, V] row-major. */
  logProbs: Float32Array;
  state: State;
  /** Attention weights over source positions: [N, S] row-major (seq2seq only). */
  attention?: { data: Float32Array; width: number };
}

export interface StepModel<State> {
  /** V: size of the output vocabulary. */
  readonly vocabSize: number;
  /**
   * One decoder step.
   * @param state current state of N rows
   * @param tokens previous token of each row: [N], int32 (bos at the first step)
   */
  step(state: State, tokens: tf.Tensor1D): StepOutput<State> | Promise<StepOutput<State>>;
  /**
   * Optional: the same step with its outputs as host arrays, for engines whose outputs lie on the host anyway (ONNX
   * Runtime on CPU). The driver then skips tfjs for the search when every step processor can work on the host
   * (host-scores.ts); models without it (the tfjs engine) always take `step`.
   */
  stepHost?(state: State, tokens: tf.Tensor1D): Promise<HostStepOutput<State>>;
  /**
   * Keeps and reorders rows: row r of the result is row `rows[r]` of `state` (beam reordering; removing finished
   * sentences). `rows`: [N'], int32.
   */
  select(state: State, rows: tf.Tensor1D): State;
  /** Frees the state's tensors. */
  disposeState(state: State): void;
}

/** A step model whose step returns at once (the tfjs engine): tests and training-time code may call it directly. */
export interface SyncStepModel<State> extends StepModel<State> {
  step(state: State, tokens: tf.Tensor1D): StepOutput<State>;
}
