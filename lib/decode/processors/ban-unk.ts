/** Never produce the unknown token: `score(unk) = −∞` (OpenNMT `-ban_unk_token`). */
import * as tf from '@tensorflow/tfjs-core';
import { UNK_ID } from '../../text/special-ids.js';
import type { StepProcessor } from '../strategy.js';
import { banHostColumns, banRow } from './token-mask.js';

export function banUnk(): StepProcessor {
  return {
    name: 'ban-unk',
    apply: (_context, logProbs) => tf.tidy(() => logProbs.add<tf.Tensor2D>(banRow(logProbs.shape[1], [UNK_ID]))), // [N, V] + [1, V]
    banHost: (_context, scores, vocab) => banHostColumns(scores, vocab, [UNK_ID]),
  };
}
