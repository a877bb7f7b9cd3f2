/**
 * What a whole-sequence recurrence (`fused-unroll.ts`) needs from one cell kind: its packed weights and the
 * arithmetic of one step forward and backward, given the input projections `x_t · W_x + b` computed for all T at once.
 *
 * Shapes: B batch, I input width, H hidden width, n_j the width of kernel j (4H for the LSTM; 2H and H for the GRU).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { CellKind } from '../cells/cell.js';

/** A cell's packed kernels `W_j = [W_x ; W_h]`: [I+H, n_j], and biases b_j: [n_j], in the cell's own order. */
export interface RecurrenceWeights {
  kind: CellKind;
  inputSize: number;
  hiddenSize: number;
  kernels: tf.Variable[];
  biases: tf.Variable[];
}

/** One forward step's results. */
export interface RuleStep {
  /** h'_t before padding is applied: [B, H] */
  h: tf.Tensor2D;
  /** c'_t (LSTM): [B, H] */
  c?: tf.Tensor2D;
  /** Per kernel j, the left operand of W_h (so ∂L/∂W_h,j = Σ_t operand_tᵀ · ∂L/∂pre_j,t): [B, H] each */
  operands: tf.Tensor2D[];
  /** Whatever `back` needs (gate activations): [B, ·] each */
  saved: tf.Tensor2D[];
}

/** One backward step's results. */
export interface RuleBack {
  /** ∂L/∂pre_j,t per kernel: [B, n_j] */
  dPre: tf.Tensor2D[];
  /** ∂L/∂h_in (the recurrent input, before the recurrent dropout mask is undone): [B, H] */
  dhIn: tf.Tensor2D;
  /** ∂L/∂h_{t−1} through paths other than h_in (GRU's (1 − z) ⊙ h_{t−1}): [B, H] */
  dhPrev?: tf.Tensor2D;
  /** ∂L/∂c_{t−1} (LSTM): [B, H] */
  dcPrev?: tf.Tensor2D;
}

export interface RecurrenceRule {
  readonly hasCell: boolean;
  /** Number of tensors in `RuleStep.saved`. */
  readonly savedCount: number;
  /**
   * @param xw x_t · W_x,j + b_j per kernel: [B, n_j]
   * @param hIn h_{t−1} as the matmuls see it (recurrent dropout applied): [B, H]
   * @param hPrev h_{t−1}: [B, H]; cPrev c_{t−1}: [B, H]
   * @param wh W_h,j per kernel: [H, n_j]
   */
  step(xw: tf.Tensor2D[], hIn: tf.Tensor2D, hPrev: tf.Tensor2D, cPrev: tf.Tensor2D | undefined, wh: tf.Tensor2D[]): RuleStep;
  /**
   * @param dh ∂L/∂h'_t, dc ∂L/∂c'_t: [B, H]
   * @param whT W_h,jᵀ per kernel: [n_j, H]
   */
  back(saved: tf.Tensor2D[], dh: tf.Tensor2D, dc: tf.Tensor2D | undefined, hIn: tf.Tensor2D, hPrev: tf.Tensor2D, cPrev: tf.Tensor2D | undefined, whT: tf.Tensor2D[]): RuleBack;
}
