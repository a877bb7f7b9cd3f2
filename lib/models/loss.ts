/**
 * Masked cross-entropy with optional label smoothing (Szegedy et al., 2016):
 *   ℓ_t = (1 − ε) · (−log p(y_t)) + ε · (1/V) Σ_v (−log p(v))
 *   L   = Σ_t m_t ℓ_t / Σ_t m_t        (m_t = 1 for real tokens, 0 for padding)
 * With ε = 0 this is the mean negative log-likelihood per real token.
 */
import * as tf from '@tensorflow/tfjs-core';

/** One batch's loss: the mean cross-entropy per real target token, and how many tokens it averaged over. */
export interface BatchLoss {
  loss: tf.Scalar;
  tokens: number;
}

/**
 * @param logits [N, V] unnormalised scores
 * @param targets [N] int32 gold ids
 * @param validMask [N] 1 = real token, 0 = padding
 * @param smoothing ε
 * @returns the mean loss over real tokens (a scalar)
 */
export function maskedCrossEntropy(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  validMask: tf.Tensor1D,
  smoothing = 0,
): tf.Scalar {
  return tf.tidy(() => {
    const vocab = logits.shape[1];
    const logProbs = tf.logSoftmax(logits); // [N, V]
    const gold = tf.sum(logProbs.mul(tf.oneHot(targets, vocab).cast('float32')), 1); // [N]: log p(y_t)
    let perToken = tf.neg(gold);
    if (smoothing > 0) perToken = perToken.mul(1 - smoothing).add(tf.neg(tf.mean(logProbs, 1)).mul(smoothing)); // [N]
    return tf.sum(perToken.mul(validMask)).div(tf.maximum(tf.sum(validMask), 1)) as tf.Scalar;
  });
}
