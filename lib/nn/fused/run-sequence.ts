/**
 * Runs one cell over a padded sequence, the way the caller asks (`recurrence`):
 *   - 'stepwise' (default): `unroll`, the cell's `step` at every t; under a tape its autodiff is the reference;
 *   - 'fused': the whole-sequence recurrence `fusedUnroll` with its own backward pass (training speed), for cells
 *     it covers (`cell.recurrence()`: plain RNN / LSTM / GRU); other cells run stepwise.
 * Both compute the same function with the same gate equations (cells/*-rule.ts). Training asks for 'fused' (see
 * `Seq2Seq.loss`); inference keeps 'stepwise': without a gradient tape the fused forward measured no faster on wasm
 * (per-step reads of the precomputed [T, B, 4H] projection cost about what the larger per-step matmul saves: 1.13 s
 * vs 1.04 s for the LM's 2 × 64 steps at B = 32).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { CellState, RecurrentCell } from '../cells/cell.js';
import { unroll, type UnrollResult } from '../sequence.js';
import { fusedUnroll, type FusedUnrollOptions } from './fused-unroll.js';

/** How a layer runs its cell over a whole sequence (see the file comment). */
export type RecurrenceMode = 'stepwise' | 'fused';

export interface RunSequenceOptions extends FusedUnrollOptions {
  /** Default 'stepwise'. `keepMask` needs 'fused'. */
  recurrence?: RecurrenceMode;
}

/** inputs [B, T, I], validMask [B, T] → outputs [B, T, H] and the final state (see `unroll`). */
export function runSequence(
  cell: RecurrentCell,
  inputs: tf.Tensor3D,
  validMask: tf.Tensor2D,
  initial: CellState | undefined,
  options: RunSequenceOptions = {},
): UnrollResult {
  const weights = options.recurrence === 'fused' ? cell.recurrence() : undefined;
  if (weights) return fusedUnroll(weights, inputs, validMask, initial, options);
  if (options.keepMask)
    throw new Error('runSequence: keepMask needs the fused recurrence of a plain RNN/LSTM/GRU cell');
  return unroll(cell, inputs, validMask, initial, options);
}
