/**
 * Variational (locked) dropout (Gal & Ghahramani, 2016): one Bernoulli mask per sequence, drawn once and reused at
 * every time step, on a layer's inputs and on its recurrent connection alike. Inverted scaling keeps expectations:
 * `mask_ij = 1/(1−p)` with probability 1−p, else 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/random.js';

/** A [B, W] mask of 0 and 1/(1−rate), drawn from `rng` on the host (so it is the same on every backend). */
export function variationalMask(rng: Rng, batch: number, width: number, rate: number): tf.Tensor2D {
  const keep = 1 / (1 - rate);
  const values = new Float32Array(batch * width);
  for (let i = 0; i < values.length; i++) values[i] = rng.next() < rate ? 0 : keep;
  return tf.tensor2d(values, [batch, width]);
}

/** Masks for one stacked RNN over one batch of sequences: per layer, on its input and on h_{t−1}. */
export interface DropoutMasks {
  /** [B, I_l] per layer */
  input: tf.Tensor2D[];
  /** [B, H] per layer */
  recurrent: tf.Tensor2D[];
}

export function disposeMasks(masks: DropoutMasks | undefined): void {
  if (!masks) return;
  tf.dispose([...masks.input, ...masks.recurrent]);
}
