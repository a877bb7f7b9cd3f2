/**
 * LSTM step and its backward pass (gate order i, f, g, o, as in `LstmCell`):
 *   a = x W_x + b + h_in W_h;  i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
 *   c' = f ⊙ c + i ⊙ g;  h' = o ⊙ tanh(c')
 * Backward, with τ = tanh(c'):
 *   ∂o = ∂h' ⊙ τ;  ∂c' += ∂h' ⊙ o ⊙ (1 − τ²)
 *   ∂a_i = ∂c' ⊙ g ⊙ i(1 − i);  ∂a_f = ∂c' ⊙ c ⊙ f(1 − f);  ∂a_g = ∂c' ⊙ i ⊙ (1 − g²);  ∂a_o = ∂o ⊙ o(1 − o)
 *   ∂c = ∂c' ⊙ f;  ∂h_in = ∂a · W_hᵀ
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrenceRule } from './rule.js';

type T2 = tf.Tensor2D;

export const lstmRule: RecurrenceRule = {
  hasCell: true,
  savedCount: 5,
  step(xw, hIn, _hPrev, cPrev, wh) {
    const a = xw[0]!.add(tf.matMul(hIn, wh[0]!)) as T2; // [B, 4H] + [B, H] · [H, 4H]
    const [ai, af, ag, ao] = tf.split(a, 4, 1) as [T2, T2, T2, T2]; // 4 × [B, H]
    const i = tf.sigmoid(ai);
    const f = tf.sigmoid(af);
    const g = tf.tanh(ag);
    const o = tf.sigmoid(ao);
    const c = f.mul(cPrev!).add(i.mul(g)) as T2;
    const tc = tf.tanh(c);
    return { h: o.mul(tc) as T2, c, operands: [hIn], saved: [i, f, g, o, tc] };
  },
  back(saved, dh, dc, _hIn, _hPrev, cPrev, whT) {
    const [i, f, g, o, tc] = saved as [T2, T2, T2, T2, T2];
    const dO = dh.mul(tc);
    const dC = dc!.add(dh.mul(o).mul(tf.sub(1, tc.square())));
    const dai = dC.mul(g).mul(i.mul(tf.sub(1, i)));
    const daf = dC.mul(cPrev!).mul(f.mul(tf.sub(1, f)));
    const dag = dC.mul(i).mul(tf.sub(1, g.square()));
    const dao = dO.mul(o.mul(tf.sub(1, o)));
    const dA = tf.concat([dai, daf, dag, dao], 1) as T2; // [B, 4H]
    return { dPre: [dA], dhIn: tf.matMul(dA, whT[0]!), dcPrev: dC.mul(f) as T2 }; // [B, 4H] · [4H, H]
  },
};
