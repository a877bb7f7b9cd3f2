/**
 * Turns ragged id lists into the padded int32 matrices and float masks the models consume.
 * Padding uses PAD_ID (0); `validMask` is 1 at real tokens and 0 at padding.
 */
import * as tf from '@tensorflow/tfjs';
import { PAD_ID } from '../text/special-ids.js';

export interface PaddedIds {
  /** [B, L] int32 */
  ids: tf.Tensor2D;
  /** [B, L] float32, 1 = real token */
  validMask: tf.Tensor2D;
  /** Real length of each row. */
  lengths: number[];
}

/** Pads rows to the longest (at least `minLength`) with PAD_ID. */
export function padIds(rows: readonly (readonly number[])[], minLength = 1): PaddedIds {
  const lengths = rows.map((r) => r.length);
  const width = Math.max(minLength, ...lengths);
  const ids = new Int32Array(rows.length * width).fill(PAD_ID);
  const mask = new Float32Array(rows.length * width);
  rows.forEach((row, b) => {
    ids.set(row, b * width);
    mask.fill(1, b * width, b * width + row.length);
  });
  return { ids: tf.tensor2d(ids, [rows.length, width], 'int32'), validMask: tf.tensor2d(mask, [rows.length, width]), lengths };
}
