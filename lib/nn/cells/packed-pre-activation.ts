/**
 * The per-step pre-activation of a cell with packed kernels (W_j = [W_x ; W_h]: [I+H, n_j]):
 *   pre_j(u) = [x_t ; u] · W_j + b_j            (one matmul on the concatenation serves W_x x_t and W_h u)
 *   pre_j(u) = LN_j([x_t ; u] · W_j)            (with layer norm, whose β replaces b_j)
 * This is the `PreActivation` that the cells hand to their rule (rule.ts); the whole-sequence recurrence builds its
 * own from precomputed input projections.
 */
import * as tf from '@tensorflow/tfjs-core';
import { matMul } from '../matmul.js';
import type { AccumulatedReads } from '../accumulated-reads.js';
import { GateLayerNorm } from './layer-norm.js';
import type { PreActivation } from './rule.js';

/**
 * @param x x_t: [B, I]
 * @param kernels W_j: [I+H, n_j]
 * @param affine per kernel, b_j: [n_j] or the layer norm that replaces it
 */
export function packedPreActivation(
  x: tf.Tensor2D,
  kernels: readonly tf.Variable[],
  affine: ReadonlyArray<tf.Variable | GateLayerNorm>,
  reads?: AccumulatedReads,
): PreActivation {
  return (j, u) => {
    const pre = matMul(tf.concat([x, u], 1), kernels[j] as tf.Tensor2D, reads); // [B, I+H] · [I+H, n_j] → [B, n_j]
    const a = affine[j]!;
    return a instanceof GateLayerNorm ? a.apply(pre) : (pre.add(a) as tf.Tensor2D);
  };
}
