/** No eos before `minLength` tokens: `score(eos) = −∞` while t < minLength (OpenNMT `-min_length`). */
import * as tf from '@tensorflow/tfjs-core';
import { EOS_ID } from '../../text/special-ids.js';
import type { StepProcessor } from '../strategy.js';
import { banHostColumns, banRow } from './token-mask.js';

export function minLength(length: number): StepProcessor {
  return {
    name: 'min-length',
    apply: (context, logProbs) =>
      context.step < length ? tf.tidy(() => logProbs.add<tf.Tensor2D>(banRow(logProbs.shape[1], [EOS_ID]))) : logProbs, // [N, V] + [1, V]
    banHost: (context, scores, vocab) => {
      if (context.step < length) banHostColumns(scores, vocab, [EOS_ID]);
    },
  };
}
