/**
 * The recurrent-cell contract. A cell maps (x_t, state_{t−1}) → state_t; `step` is a pure tensor function, so the
 * same code runs under autodiff (training) and in inference loops (decoding). The gate equations live in the cell
 * kind's rule (rule.ts), which the whole-sequence recurrence (fused/fused-unroll.ts) calls too.
 *
 * Shapes: B batch, I input width, H hidden width.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { CellKind, RecurrenceWeights } from './rule.js';
import type { AccumulatedReads } from '../accumulated-reads.js';

export type { CellKind } from './rule.js';

/** h: [B, H]; c: [B, H] (LSTM memory cell only). */
export interface CellState {
  h: tf.Tensor2D;
  c?: tf.Tensor2D;
}

export interface CellOptions {
  /** LSTM only: `i, f` also see c_{t−1}, `o` sees c_t, through diagonal weights. */
  peepholes?: boolean;
  /** Normalise each gate's pre-activation (and the LSTM cell state) with a learned gain and bias (Ba et al., 2016). */
  layerNorm?: boolean;
}

/** Per-call options of `RecurrentCell.step`. */
export interface CellStepOptions {
  /**
   * h_{t−1} as seen by the gate matmuls, when it differs from `state.h` (variational dropout on the recurrent
   * connection masks this copy only; the carried state stays unmasked): [B, H]
   */
  recurrentInput?: tf.Tensor2D;
  /** Gradient sums for loop-invariant weights (training's unrolled loops; see accumulated-reads.ts). */
  reads?: AccumulatedReads;
}

export interface RecurrentCell {
  readonly kind: CellKind;
  /** I */
  readonly inputSize: number;
  /** H */
  readonly hiddenSize: number;
  /** All-zero state for a batch of B. */
  zeroState(batch: number): CellState;
  /**
   * One time step.
   * @param x input x_t: [B, I]
   * @param state state_{t−1}
   * @returns state_t (h: [B, H], and c for LSTM)
   */
  step(x: tf.Tensor2D, state: CellState, options?: CellStepOptions): CellState;
  /**
   * The packed weights for the whole-sequence recurrence (fused/fused-unroll.ts), or undefined when this cell's
   * options (layer norm, peepholes) are not covered by it.
   */
  recurrence(): RecurrenceWeights | undefined;
}
