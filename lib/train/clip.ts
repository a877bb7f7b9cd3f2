/**
 * Gradient clipping by global norm (Pascanu et al., 2013): all gradients are rescaled together, so their direction
 * is kept and only their length is capped.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface ClippedGradients {
  /** The rescaled gradients, same keys (in the same order) and shapes as the input; owned by the caller. */
  grads: tf.NamedTensorMap;
  /** ‖g‖₂ before clipping, a scalar owned by the caller. */
  globalNorm: tf.Scalar;
}

/**
 * Rescales every gradient by one common factor:
 *
 *   ‖g‖₂ = √(Σ_k Σ_i g_k,i²)          (over all tensors k and all their elements i)
 *   g_k ← g_k · min(1, c / ‖g‖₂)
 *
 * With `maxNorm` c ≤ 0 or not finite nothing is rescaled (the norm is still returned). A zero norm gives factor 1.
 * The input tensors are not disposed; the result holds new tensors.
 * @param grads gradients by name, any shapes
 * @param maxNorm the cap c on the global norm
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): ClippedGradients {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const squares = names.map((name) => tf.sum(tf.square(grads[name]!))); // each [] = Σ_i g_k,i²
    const globalNorm = (squares.length === 0 ? tf.scalar(0) : tf.sqrt(tf.addN(squares))) as tf.Scalar; // []
    const clipping = maxNorm > 0 && Number.isFinite(maxNorm);
    // c / 0 = +∞ and min(1, +∞) = 1, so a zero norm leaves the gradients as they are.
    const factor = clipping ? tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), globalNorm)) : tf.scalar(1); // []
    const out: tf.NamedTensorMap = {};
    for (const name of names) out[name] = tf.mul(grads[name]!, factor);
    return { grads: out, globalNorm };
  });
}
