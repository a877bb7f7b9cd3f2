/**
 * Runs one cell over a padded sequence: the whole-sequence recurrence (`fusedUnroll`) when gradients are being
 * recorded, the cell supports it and it is enabled, else the step-by-step `unroll` (whose autodiff is the reference
 * the fused pass is checked against). Without a gradient tape (encoding for decoding, LM scoring) the fused forward
 * measured no faster on wasm (per-step reads of the precomputed [T, B, 4H] projection cost about what the larger
 * per-step matmul saves: 1.13 s vs 1.04 s for the LM's 2 × 64 steps at B = 32), so inference keeps `unroll`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellState, RecurrentCell } from '../cells/cell.js';
import { unroll, type UnrollResult } from '../sequence.js';
import { fusedUnroll, type FusedUnrollOptions } from './fused-unroll.js';
import { tapeIsRecording } from '../tape.js';

let enabled = true;

/** Turns the fused path on or off process-wide (benchmarks and specs compare the two); returns the old setting. */
export function setFusedRecurrence(on: boolean): boolean {
  const old = enabled;
  enabled = on;
  return old;
}

/** inputs [B, T, I], validMask [B, T] → outputs [B, T, H] and the final state (see `unroll`). */
export function runSequence(cell: RecurrentCell, inputs: tf.Tensor3D, validMask: tf.Tensor2D, initial: CellState | undefined, options: FusedUnrollOptions = {}): UnrollResult {
  const taping = tapeIsRecording() || options.keepMask !== undefined;
  const weights = enabled && taping ? cell.recurrence?.() : undefined;
  if (weights) return fusedUnroll(weights, inputs, validMask, initial, options);
  if (options.keepMask) throw new Error('runSequence: keepMask needs the fused recurrence');
  return unroll(cell, inputs, validMask, initial, options);
}
