/**
 * GRU step and its backward pass (z weighting the new candidate; kernels W_rz then W_c: see `GruCell`):
 *   [r ; z] = σ([x ; h_in] · W_rz + b_rz);  ĥ = tanh([x ; r ⊙ h_in] · W_c + b_c)
 *   h' = (1 − z) ⊙ h + z ⊙ ĥ
 * Backward:
 *   ∂z = ∂h' ⊙ (ĥ − h);  ∂ĥ = ∂h' ⊙ z;  ∂h (direct) = ∂h' ⊙ (1 − z)
 *   ∂a_c = ∂ĥ ⊙ (1 − ĥ²);  ∂(r ⊙ h_in) = ∂a_c · W_h,cᵀ;  ∂r = ∂(r ⊙ h_in) ⊙ h_in
 *   ∂a_rz = [∂r ⊙ r(1 − r) ; ∂z ⊙ z(1 − z)];  ∂h_in = ∂a_rz · W_h,rzᵀ + ∂(r ⊙ h_in) ⊙ r
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrenceRule } from './rule.js';

type T2 = tf.Tensor2D;

export const gruRule: RecurrenceRule = {
  hasCell: false,
  savedCount: 3,
  step(pre, hIn, hPrev) {
    const [r, z] = tf.split(tf.sigmoid(pre(0, hIn)), 2, 1) as [T2, T2]; // [B, 2H] → 2 × [B, H]
    const rh = r.mul(hIn) as T2;
    const cand = tf.tanh(pre(1, rh)) as T2; // [B, H]
    return { h: tf.sub(1, z).mul(hPrev).add(z.mul(cand)) as T2, operands: [hIn, rh], saved: [r, z, cand] };
  },
  back(saved, dh, _dc, hIn, hPrev, _cPrev, whT) {
    const [r, z, cand] = saved as [T2, T2, T2];
    const dz = dh.mul(cand.sub(hPrev));
    const dac = dh.mul(z).mul(tf.sub(1, cand.square())) as T2; // [B, H]
    const drh = tf.matMul(dac, whT[1]!); // [B, H] · [H, H]
    const dArz = tf.concat([drh.mul(hIn).mul(r.mul(tf.sub(1, r))), dz.mul(z.mul(tf.sub(1, z)))], 1) as T2; // [B, 2H]
    const dhIn = tf.matMul(dArz, whT[0]!).add(drh.mul(r)) as T2; // [B, 2H] · [2H, H]
    return { dPre: [dArz, dac], dhIn, dhPrev: dh.mul(tf.sub(1, z)) as T2 };
  },
};
