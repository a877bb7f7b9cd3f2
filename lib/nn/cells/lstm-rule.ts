/**
 * LSTM step and its backward pass (gate order i, f, g, o, the packed kernel's column blocks: see `LstmCell`):
 *   a = [x ; h_in] · W + b;  i = σ(a_i [+ p_i ⊙ c]), f = σ(a_f [+ p_f ⊙ c]), g = tanh(a_g)
 *   c' = f ⊙ c + i ⊙ g;  o = σ(a_o [+ p_o ⊙ c']);  h' = o ⊙ tanh(c')   (tanh(LN(c')) with layer norm)
 * Bracketed terms are the optional peepholes (step path only).
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
  step(pre, hIn, _hPrev, cPrev, variant = {}) {
    const [aI, aF, ag, ao] = tf.split(pre(0, hIn), 4, 1) as [T2, T2, T2, T2]; // [B, 4H] → 4 × [B, H]
    let ai = aI;
    let af = aF;
    let pO: tf.Tensor | undefined;
    if (variant.peepholes) {
      const [pI, pF, pOut] = tf.unstack(variant.peepholes) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D]; // 3 × [H]
      ai = ai.add(cPrev!.mul(pI));
      af = af.add(cPrev!.mul(pF));
      pO = pOut;
    }
    const i = tf.sigmoid(ai);
    const f = tf.sigmoid(af);
    const g = tf.tanh(ag);
    const c = f.mul(cPrev!).add(i.mul(g)) as T2;
    const o = tf.sigmoid(pO ? ao.add(c.mul(pO)) : ao) as T2;
    const tc = tf.tanh(variant.cellNorm ? variant.cellNorm(c) : c) as T2;
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
