/**
 * `tf.tidy` for structured results: disposes every intermediate tensor made inside `fn` and keeps the tensors
 * reachable from its return value (tfjs walks plain objects and arrays). tfjs's own typing only admits its
 * `TensorContainer` type, which rejects interfaces with optional members such as `CellState`.
 */
import * as tf from '@tensorflow/tfjs-core';

export function tidy<T>(fn: () => T): T {
  return tf.tidy(fn as () => tf.TensorContainer) as T;
}
