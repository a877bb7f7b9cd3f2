/**
 * The arithmetic of one cell kind, written once: the gate equations of one step forward, and their derivative for
 * the whole-sequence recurrence's backward pass (fused/fused-unroll.ts). Both paths call the same `step`:
 *   - per step (`RnnCell` / `LstmCell` / `GruCell`.step, decoding and the reference autodiff path): the
 *     pre-activation of kernel j is `[x_t ; u] · W_j + b_j` (one matmul on the concatenation; layer norm if on);
 *   - whole sequence (`fusedUnroll`, training): `x_t · W_x,j + b_j` comes precomputed for all T at once and only
 *     `u · W_h,j` is computed per step.
 * The rule never sees how the pre-activation is computed: `step` receives it as a function of the recurrent operand u
 * (h_in, or the GRU candidate's r ⊙ h_in).
 *
 * Shapes: B batch, I input width, H hidden width, n_j the width of kernel j (4H for the LSTM; 2H and H for the GRU).
 */
import type * as tf from '@tensorflow/tfjs-core';

export type CellKind = 'rnn' | 'lstm' | 'gru';

/** A cell's packed kernels `W_j = [W_x ; W_h]`: [I+H, n_j], and biases b_j: [n_j], in the cell's own order. */
export interface RecurrenceWeights {
  kind: CellKind;
  inputSize: number;
  hiddenSize: number;
  kernels: tf.Variable[];
  biases: tf.Variable[];
}

/**
 * The pre-activation of kernel j for the recurrent operand u: `x_t · W_x,j + u · W_h,j + b_j` (or its layer-normed
 * form): u [B, H] → [B, n_j].
 */
export type PreActivation = (j: number, u: tf.Tensor2D) => tf.Tensor2D;

/**
 * Step-path-only variants (the whole-sequence backward pass does not cover them, so cells that use them report no
 * `recurrence()` and always run step by step).
 */
export interface StepVariant {
  /** LSTM peepholes p_i, p_f, p_o: [3, H] (rows in that order). */
  peepholes?: tf.Tensor;
  /** LSTM with layer norm: `h_t = o ⊙ tanh(LN(c_t))`; c [B, H] → [B, H]. */
  cellNorm?: (c: tf.Tensor2D) => tf.Tensor2D;
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
   * @param pre the pre-activations, as a function of the recurrent operand
   * @param hIn h_{t−1} as the matmuls see it (recurrent dropout applied): [B, H]
   * @param hPrev h_{t−1}: [B, H]; cPrev c_{t−1}: [B, H]
   */
  step(
    pre: PreActivation,
    hIn: tf.Tensor2D,
    hPrev: tf.Tensor2D,
    cPrev: tf.Tensor2D | undefined,
    variant?: StepVariant,
  ): RuleStep;
  /**
   * The derivative of `step` (without variants).
   * @param dh ∂L/∂h'_t, dc ∂L/∂c'_t: [B, H]
   * @param whT W_h,jᵀ per kernel: [n_j, H]
   */
  back(
    saved: tf.Tensor2D[],
    dh: tf.Tensor2D,
    dc: tf.Tensor2D | undefined,
    hIn: tf.Tensor2D,
    hPrev: tf.Tensor2D,
    cPrev: tf.Tensor2D | undefined,
    whT: tf.Tensor2D[],
  ): RuleBack;
}
