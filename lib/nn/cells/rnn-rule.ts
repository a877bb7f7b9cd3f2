/** Elman step `h' = tanh([x ; h_in] · W + b)` (see `RnnCell`) and its backward pass `∂a = ∂h' ⊙ (1 − h'²)`, `∂h_in = ∂a · W_hᵀ`. */
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrenceRule } from './rule.js';

type T2 = tf.Tensor2D;

export const rnnRule: RecurrenceRule = {
  hasCell: false,
  savedCount: 1,
  step(pre, hIn) {
    const h = tf.tanh(pre(0, hIn)) as T2; // [B, H]
    return { h, operands: [hIn], saved: [h] };
  },
  back(saved, dh, _dc, _hIn, _hPrev, _cPrev, whT) {
    const da = dh.mul(tf.sub(1, saved[0]!.square())) as T2;
    return { dPre: [da], dhIn: tf.matMul(da, whT[0]!) };
  },
};
