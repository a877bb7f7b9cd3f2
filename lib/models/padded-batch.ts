/**
 * Ragged id lists as the padded int32 matrix and float mask tensors the models consume (the padding itself is
 * `padRows`: PAD_ID after each row's end; `validMask` 1 at real tokens, 0 at padding).
 */
import * as tf from '@tensorflow/tfjs-core';
import { padRows } from '../data/padding.js';

export interface PaddedIds {
  /** [B, L] int32 */
  ids: tf.Tensor2D;
  /** [B, L] float32, 1 = real token */
  validMask: tf.Tensor2D;
  /** Real length of each row. */
  lengths: number[];
}

/** Pads rows to the longest (at least `minLength`) and uploads them. */
export function padIds(rows: readonly (readonly number[])[], minLength = 1): PaddedIds {
  const { ids, validMask, shape, lengths } = padRows(rows, { minLength });
  return { ids: tf.tensor2d(ids, shape, 'int32'), validMask: tf.tensor2d(validMask, shape), lengths };
}
