/** Additive masks for banning tokens: 0 where a token stays allowed, −∞ where it is banned (−∞ + x = −∞). */
import * as tf from '@tensorflow/tfjs-core';

/** One row banning `ids` for every row it is added to: [1, V]. */
export function banRow(vocabSize: number, ids: readonly number[]): tf.Tensor2D {
  const row = new Float32Array(vocabSize);
  for (const id of ids) row[id] = -Infinity;
  return tf.tensor2d(row, [1, vocabSize]);
}

/** Host form of `banRow`: sets `ids` to −∞ in every row of host scores [N, V] (in place). */
export function banHostColumns(scores: Float32Array, vocab: number, ids: readonly number[]): void {
  for (let at = 0; at < scores.length; at += vocab) for (const id of ids) scores[at + id] = -Infinity;
}

/** `logProbs` with the listed (row, token) pairs set to −∞: [N, V] → [N, V]. Returns the input when `bans` is empty. */
export function banPairs(logProbs: tf.Tensor2D, bans: readonly (readonly [row: number, token: number])[]): tf.Tensor2D {
  if (bans.length === 0) return logProbs;
  return tf.tidy(() => {
    const indices = tf.tensor2d(bans.flat(), [bans.length, 2], 'int32'); // [M, 2]
    const updates = tf.fill([bans.length], -Infinity); // [M]
    return logProbs.add(tf.scatterND(indices, updates, logProbs.shape)); // [N, V]
  });
}
