/**
 * Unrolls one cell over a padded batch of sequences.
 *
 * Padding: `validMask[b, t]` is 1 for real tokens and 0 for padding. At a padded step the state is carried through
 * unchanged, `state_t = m ⊙ cell(x_t, state_{t−1}) + (1 − m) ⊙ state_{t−1}`, and the output is 0, so a sequence's
 * outputs and final state do not depend on how much padding surrounds it. Running in reverse starts at t = T−1: the
 * trailing padding is crossed with the initial state untouched, so the backward pass begins at the last real token.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellState, RecurrentCell } from './cells/cell.js';
import type { AccumulatedReads } from './accumulated-reads.js';
import { tidy } from './tidy.js';
import { tapeIsRecording } from './tape.js';

export interface UnrollOptions {
  /** Process t = T−1 … 0 (the backward half of a bidirectional layer). */
  reverse?: boolean;
  /** Variational dropout mask on x_t: [B, I]. */
  inputMask?: tf.Tensor2D;
  /** Variational dropout mask on h_{t−1} as the cell's input: [B, H]. */
  recurrentMask?: tf.Tensor2D;
  /** Gradient sums for loop-invariant weights (per-step loops under a tape; see accumulated-reads.ts). */
  reads?: AccumulatedReads;
}

export interface UnrollResult {
  /** h_t per position, 0 at padding: [B, T, H] */
  outputs: tf.Tensor3D;
  /** State after the last real token of each sequence. */
  final: CellState;
}

/**
 * @param inputs x: [B, T, I]
 * @param validMask [B, T], 1 = real token, 0 = padding
 * @param initial state before the first token (default zeros)
 */
export function unroll(
  cell: RecurrentCell,
  inputs: tf.Tensor3D,
  validMask: tf.Tensor2D,
  initial?: CellState,
  options: UnrollOptions = {},
): UnrollResult {
  return tidy(() => {
    const [batch, steps] = inputs.shape;
    const xs = timeSlices(inputs); // T × [B, I]
    const ms = tf.split(validMask, steps, 1) as tf.Tensor2D[]; // T × [B, 1]
    let state = initial ?? cell.zeroState(batch);
    const outputs: tf.Tensor2D[] = new Array(steps);
    for (let k = 0; k < steps; k++) {
      const t = options.reverse ? steps - 1 - k : k;
      const next = maskedStep(cell, xs[t]!, state, ms[t]!, options);
      outputs[t] = next.h.mul(ms[t]!);
      state = next;
    }
    return { outputs: tf.stack(outputs, 1) as tf.Tensor3D, final: state };
  });
}

/**
 * One step that leaves rows with `mask = 0` unchanged: `s_t = m ⊙ cell(x, s) + (1 − m) ⊙ s`.
 * @param mask [B, 1]
 */
export function maskedStep(
  cell: RecurrentCell,
  x: tf.Tensor2D,
  state: CellState,
  mask: tf.Tensor2D,
  options: UnrollOptions = {},
): CellState {
  return tidy(() => {
    const next = dropoutStep(cell, x, state, options);
    const keep = (now: tf.Tensor2D, before: tf.Tensor2D): tf.Tensor2D =>
      tf.add(now.mul(mask), before.mul(tf.sub(1, mask)));
    return next.c && state.c ? { h: keep(next.h, state.h), c: keep(next.c, state.c) } : { h: keep(next.h, state.h) };
  });
}

/** `cell.step` with the variational masks applied to x_t and to the recurrent input h_{t−1} (the carried state is not masked). */
export function dropoutStep(cell: RecurrentCell, x: tf.Tensor2D, state: CellState, options: UnrollOptions): CellState {
  if (!options.inputMask && !options.recurrentMask) return cell.step(x, state, { reads: options.reads });
  return tidy(() => {
    const xIn = options.inputMask ? x.mul(options.inputMask) : x; // [B, I]
    const hIn = options.recurrentMask ? state.h.mul(options.recurrentMask) : state.h; // [B, H]
    return cell.step(xIn as tf.Tensor2D, state, { recurrentInput: hIn as tf.Tensor2D, reads: options.reads });
  });
}

/**
 * x: [B, T, I] → T × [B, I]. On wasm, `Unpack` / `Split` / `Slice` copy their whole input once per piece (T copies
 * of x: 150 ms of the LM scoring benchmark). Without a gradient tape, one transpose to time-major [T, B, I] and a
 * row-block gather per step copy x twice in all; under a tape `unstack` stays (gather's gradient needs a kernel that
 * wasm lacks; unstack's is `stack`).
 */
export function timeSlices(x: tf.Tensor3D): tf.Tensor2D[] {
  if (tapeIsRecording()) return tf.unstack(x, 1) as tf.Tensor2D[];
  return tf.tidy(() => {
    const timeMajor = tf.transpose(x, [1, 0, 2]); // [T, B, I]
    return Array.from({ length: x.shape[1] }, (_, t) => timeStep(timeMajor, t)); // [B, I] each
  });
}

/** Row block t of a time-major [T, B, n] tensor: [B, n] (a gather copies only that block; see `timeSlices`). */
export function timeStep(timeMajor: tf.Tensor3D, t: number): tf.Tensor2D {
  return tf.tidy(() => tf.gather(timeMajor, tf.scalar(t, 'int32')) as tf.Tensor as tf.Tensor2D);
}
