/**
 * Tokens a search never produces: `score(t) = −∞` for each banned t. Padding and the sentence start are never output
 * tokens (fairseq bans padding the same way); with `banUnk`, neither is the unknown token (OpenNMT `-ban_unk_token`).
 * Left in, a model that gives them some mass — an undertrained or random one — yields n-best entries whose text is
 * identical once special ids are dropped.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BOS_ID, PAD_ID, UNK_ID } from '../../text/special-ids.js';
import type { StepProcessor } from '../strategy.js';
import { banHostColumns, banRow } from './token-mask.js';

/** Bans `ids` at every step, on the tensor path and the host path. */
function banTokens(name: string, ids: readonly number[]): StepProcessor {
  return {
    name,
    apply: (_context, logProbs) => tf.tidy(() => logProbs.add<tf.Tensor2D>(banRow(logProbs.shape[1], ids))), // [N, V] + [1, V]
    banHost: (_context, scores, vocab) => banHostColumns(scores, vocab, ids),
  };
}

/** Never produce padding or the sentence start; with `unk`, the unknown token either. */
export function banSpecialTokens(unk: boolean): StepProcessor {
  return banTokens(unk ? 'ban-special-unk' : 'ban-special', unk ? [PAD_ID, BOS_ID, UNK_ID] : [PAD_ID, BOS_ID]);
}

/** Never produce the unknown token. */
export function banUnk(): StepProcessor {
  return banTokens('ban-unk', [UNK_ID]);
}
