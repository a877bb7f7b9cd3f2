/**
 * Matrix product with a gradient that avoids transposed-operand matmuls.
 *
 *   C = A · B,   ∂L/∂A = ∂L/∂C · Bᵀ,   ∂L/∂B = Aᵀ · ∂L/∂C
 *
 * tfjs's built-in gradient computes these as `matMul(dC, B, false, true)` and `matMul(A, dC, true, false)`. On the wasm
 * backend (tfjs 4.22) a matmul with a transposed operand leaves the XNNPACK fast path: measured here, a
 * [2304, 128]ᵀ · [2304, 4000] product ran at 1.6 GFLOP/s transposed vs 13.7 GFLOP/s as `transpose(A) · B`. This op
 * materialises the transposes (a cheap copy) so every product runs untransposed. Works for rank 2 ([M, K] · [K, N])
 * and rank 3 batched products ([B, M, K] · [B, K, N]). Given `reads` (accumulated-reads.ts), products whose right
 * operand is one of its loop invariants go through that file's accumulating op instead.
 *
 * Performance-only: the value and the gradient are those of `tf.matMul`; this module exists for the wasm speed above.
 */
import * as tf from '@tensorflow/tfjs-core';
import { swapLast, type AccumulatedReads } from './accumulated-reads.js';
import { tapeIsRecording } from './tape.js';

const product = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      return [
        tf.matMul(dy as tf.Tensor2D, swapLast(sb) as tf.Tensor2D),
        tf.matMul(swapLast(sa) as tf.Tensor2D, dy as tf.Tensor2D),
      ];
    },
  };
}) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** A · B for [M, K] · [K, N] → [M, N] (see the file comment for the gradient). */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D | tf.Variable, reads?: AccumulatedReads): tf.Tensor2D;
/** Batched A · B for [B, M, K] · [B, K, N] → [B, M, N]. */
export function matMul(a: tf.Tensor3D, b: tf.Tensor3D, reads?: AccumulatedReads): tf.Tensor3D;
export function matMul(a: tf.Tensor, b: tf.Tensor, reads?: AccumulatedReads): tf.Tensor {
  if (!tapeIsRecording()) return tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D); // inference: the custom op's scope and saved inputs are pure overhead
  return reads?.times(a, b) ?? product(a, b);
}
