/**
 * `tf.NamedTensorMap` ↔ stored weights (plain typed arrays), the only place where checkpoint IO meets tensors.
 * No math: values are read with `dataSync` and written with `tf.tensor`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '../errors.js';
import type { StoredTensor } from './checkpoint-types.js';

/** Copies each tensor's values into a stored tensor (float32 or int32), in the map's key order. */
export function tensorsToStored(tensors: tf.NamedTensorMap): StoredTensor[] {
  return Object.entries(tensors).map(([name, t]) => {
    if (t.dtype === 'float32')
      return { name, shape: [...t.shape], dtype: 'float32', data: Float32Array.from(t.dataSync() as Float32Array) };
    if (t.dtype === 'int32')
      return { name, shape: [...t.shape], dtype: 'int32', data: Int32Array.from(t.dataSync() as Int32Array) };
    throw new ShapeError(
      `tensorsToStored: tensor '${name}' has dtype ${t.dtype}, expected float32 or int32; cast it before saving`,
      { name, dtype: t.dtype },
    );
  });
}

/** New tensors (owned by the caller, who disposes them) from stored tensors. */
export function storedToTensors(stored: readonly StoredTensor[]): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const s of stored) out[s.name] = tf.tensor(s.data, s.shape, s.dtype);
  return out;
}

/** Number of scalar parameters in `stored` (Σ of the products of the shapes). */
export function parameterCount(stored: readonly StoredTensor[]): number {
  return stored.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
}
