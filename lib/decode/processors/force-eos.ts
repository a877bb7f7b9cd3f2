/**
 * Max length: a row whose sentence has produced its maximum number of tokens may only produce eos,
 * `score(y) = −∞ for y ≠ eos` when t ≥ maxLength. Every search relies on it to finish; the driver always adds it
 * last. The eos score itself is kept, so the reported log-probabilities stay the model's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EOS_ID } from '../../text/special-ids.js';
import type { StepProcessor } from '../strategy.js';

export function forceEosAtMaxLength(): StepProcessor {
  return {
    name: 'force-eos',
    apply(context, logProbs) {
      const atMax = context.rowMaxLength.map((max) => context.step >= max);
      if (!atMax.includes(true)) return logProbs;
      const [n, vocab] = logProbs.shape;
      return tf.tidy(() => {
        const rows = tf.tensor2d(atMax.map(Number), [n, 1], 'bool'); // [N, 1]
        const notEos = tf.oneHot([EOS_ID], vocab).cast('bool').logicalNot(); // [1, V]
        return tf.where(rows.logicalAnd(notEos), tf.fill([n, vocab], -Infinity), logProbs) as tf.Tensor2D; // [N, V]
      });
    },
    banHost(context, scores, vocab) {
      context.rowMaxLength.forEach((max, row) => {
        if (context.step < max) return;
        const eos = scores[row * vocab + EOS_ID]!;
        scores.fill(-Infinity, row * vocab, (row + 1) * vocab);
        scores[row * vocab + EOS_ID] = eos;
      });
    },
  };
}
