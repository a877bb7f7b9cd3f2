/**
 * A whole-sequence recurrent layer with its own backward pass: the same function as `unroll` (sequence.ts) for
 * plain RNN / LSTM / GRU cells, computed so that it is fast on CPU/wasm backends.
 *
 * Why this exists (performance only): autodiff of the step-by-step loop keeps one [I+H, n] weight gradient per step
 * and runs transposed-operand matmuls, which are slow on wasm; the results are the same function. The gate equations
 * are not repeated here: each step calls the cell kind's rule (cells/*-rule.ts), as `RecurrentCell.step` does.
 *
 * Forward: the input projection of every time step comes from ONE matmul, `XW = X · W_x + b` ([B·T, I] · [I, n]),
 * W_x and W_h being the row blocks of the cell's packed kernel `W = [W_x ; W_h]` (sliced here; parameters are
 * unchanged); each step then only computes `h_in · W_h`. Padding and resets as in `unroll`:
 *   s̃_{t−1} = k_t ⊙ s_{t−1}          (k = `keepMask`, 0 where a new document starts; default 1)
 *   s_t = m_t ⊙ cell(x_t, s̃_{t−1}) + (1 − m_t) ⊙ s̃_{t−1},   out_t = m_t ⊙ h_t
 * Backward (`tf.customGrad`, backpropagation through time): one pass from the last processed step to the first
 * carries ∂L/∂s and keeps only the per-step pre-activation gradients ∂a_t; the weight gradients then come from one
 * matmul each over all steps, `∂W_x = Xᵀ · ∂A`, `∂W_h = Σ_t h_in,tᵀ ∂a_t = H_inᵀ · ∂A`, `∂b = Σ ∂A`,
 * `∂X = ∂A · W_xᵀ` — instead of one [I+H, n] weight gradient per step as autodiff of the unrolled loop keeps.
 * Every matmul has untransposed operands (transposes are materialised; see matmul.ts).
 *
 * Shapes: B batch, T steps, I input width, H hidden width, n_j width of kernel j.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellState } from '../cells/cell.js';
import { timeStep, type UnrollOptions, type UnrollResult } from '../sequence.js';
import type { RecurrenceRule, RecurrenceWeights } from '../cells/rule.js';
import { lstmRule } from '../cells/lstm-rule.js';
import { gruRule } from '../cells/gru-rule.js';
import { rnnRule } from '../cells/rnn-rule.js';
import { tidy } from '../tidy.js';

type T2 = tf.Tensor2D;

export interface FusedUnrollOptions extends UnrollOptions {
  /** k: [B, T], 0 where the state is reset to zero before reading x_t (document starts), else 1. */
  keepMask?: tf.Tensor2D;
}

const RULES = { lstm: lstmRule, gru: gruRule, rnn: rnnRule } as const;

/**
 * @param inputs x: [B, T, I]
 * @param validMask [B, T], 1 = real token
 * @param initial state before the first processed step (default zeros)
 */
export function fusedUnroll(
  weights: RecurrenceWeights,
  inputs: tf.Tensor3D,
  validMask: tf.Tensor2D,
  initial: CellState | undefined,
  options: FusedUnrollOptions = {},
): UnrollResult {
  const rule = RULES[weights.kind];
  const [batch, steps] = inputs.shape;
  const H = weights.hiddenSize;
  return tidy(() => {
    const h0 = initial?.h ?? (tf.zeros([batch, H]) as T2);
    const c0 = rule.hasCell ? (initial?.c ?? (tf.zeros([batch, H]) as T2)) : undefined;
    const op = tf.customGrad(recurrence(rule, weights, batch, steps, validMask, options)) as (
      ...xs: tf.Tensor[]
    ) => tf.Tensor;
    const packed = op(inputs, h0, ...(c0 ? [c0] : []), ...weights.kernels, ...weights.biases) as tf.Tensor3D; // [B, T + 1 (+ 1), H]
    const outputs = packed.slice([0, 0, 0], [batch, steps, H]) as tf.Tensor3D; // [B, T, H]
    const h = packed.slice([0, steps, 0], [batch, 1, H]).reshape([batch, H]) as T2;
    const final: CellState = c0
      ? { h, c: packed.slice([0, steps + 1, 0], [batch, 1, H]).reshape([batch, H]) as T2 }
      : { h };
    return { outputs, final };
  });
}

/** The customGrad body: inputs (x, h0, [c0], kernels…, biases…, save) → packed [outputs ; h_T ; c_T]. */
function recurrence(
  rule: RecurrenceRule,
  w: RecurrenceWeights,
  batch: number,
  steps: number,
  validMask: tf.Tensor2D,
  options: FusedUnrollOptions,
) {
  const { inputSize: I, hiddenSize: H } = w;
  const nk = w.kernels.length;
  const order = Array.from({ length: steps }, (_, k) => (options.reverse ? steps - 1 - k : k));
  return (...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args.pop() as tf.GradSaveFunc;
    const perStep = 5 + rule.savedCount + nk; // h_in, h̃, c̃, m_t, k_t, saved…, operands…
    const head = 3 + nk; // X, kernels…, input mask, recurrent mask
    const xs = args as tf.Tensor[];
    const x = xs[0] as tf.Tensor3D;
    const c0 = rule.hasCell ? (xs[2] as T2) : undefined;
    const kernels = xs.slice(rule.hasCell ? 3 : 2, (rule.hasCell ? 3 : 2) + nk) as T2[];
    const biases = xs.slice((rule.hasCell ? 3 : 2) + nk) as tf.Tensor1D[];
    const ms = tf.split(validMask, steps, 1) as T2[]; // T × [B, 1]
    const ks = options.keepMask ? (tf.split(options.keepMask, steps, 1) as T2[]) : undefined;
    // masks are saved too: the caller's tensors may be disposed before the backward pass runs
    const masks = [options.inputMask ?? ms[0]!, options.recurrentMask ?? ms[0]!];
    const { value, keep } = tf.tidy(() => {
      // time-major rows (t·B + b); each step reads its [B, n] block with `gather` (wasm's Slice/Split/Unpack copy the
      // WHOLE input out of the heap for every piece, which made T slices of a [T·B, n] tensor cost T full copies)
      const flatX = tf
        .transpose(options.inputMask ? x.mul(options.inputMask.reshape([batch, 1, I])) : x, [1, 0, 2])
        .reshape([steps * batch, I]) as T2; // [B, T, I] → [T·B, I]
      const wh = kernels.map((k) => k.slice([I, 0], [H, k.shape[1]]) as T2); // [H, n_j]
      const xw = kernels.map(
        (k, j) =>
          tf
            .matMul(flatX, k.slice([0, 0], [I, k.shape[1]]) as T2)
            .add(biases[j]!)
            .reshape([steps, batch, k.shape[1]]) as tf.Tensor3D,
      ); // [T·B, I] · [I, n_j] → [T, B, n_j]
      let h = xs[1] as T2;
      let c = c0;
      const outs: T2[] = new Array(steps);
      const kept: tf.Tensor[] = new Array(steps * perStep);
      order.forEach((t, k) => {
        const hK = ks ? (h.mul(ks[t]!) as T2) : h;
        const cK = c && ks ? (c.mul(ks[t]!) as T2) : c;
        const hIn = options.recurrentMask ? (hK.mul(options.recurrentMask) as T2) : hK;
        const xwT = xw.map((p) => timeStep(p, t)); // x_t · W_x,j + b_j: [B, n_j]
        const s = rule.step((j, u) => xwT[j]!.add(tf.matMul(u, wh[j]!)) as T2, hIn, hK, cK); // + u · W_h,j: [B, H] · [H, n_j]
        const m = ms[t]!;
        const notM = tf.sub(1, m);
        h = tf.add(s.h.mul(m), hK.mul(notM)) as T2;
        if (cK && s.c) c = tf.add(s.c.mul(m), cK.mul(notM)) as T2;
        outs[t] = h.mul(m) as T2;
        kept.splice(k * perStep, perStep, hIn, hK, cK ?? hK, m, ks ? ks[t]! : m, ...s.saved, ...s.operands);
      });
      const finals = c ? [h, c] : [h];
      const value = tf.concat([tf.stack(outs, 1), tf.stack(finals, 1)], 1) as tf.Tensor3D; // [B, T + 1 (+ 1), H]
      return { value, keep: [flatX, ...kernels.map((k) => k.clone()), ...masks, ...kept] };
    });
    save(keep);
    const gradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]): tf.Tensor[] =>
      tf.tidy(() => backward(dy as tf.Tensor3D, saved));
    const backward = (dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] => {
      const flatX = saved[0] as T2;
      const ker = saved.slice(1, 1 + nk) as T2[];
      const [inputMask, recurrentMask] = [
        options.inputMask ? saved[1 + nk]! : undefined,
        options.recurrentMask ? saved[2 + nk]! : undefined,
      ];
      const whT = ker.map((k) => tf.transpose(k.slice([I, 0], [H, k.shape[1]])) as T2); // [n_j, H]
      const wxT = ker.map((k) => tf.transpose(k.slice([0, 0], [I, k.shape[1]])) as T2); // [n_j, I]
      const dOut = tf.transpose(dy.slice([0, 0, 0], [batch, steps, H]), [1, 0, 2]) as tf.Tensor3D; // [B, T, H] → [T, B, H]
      let dh = dy.slice([0, steps, 0], [batch, 1, H]).reshape([batch, H]) as T2;
      let dc = rule.hasCell ? (dy.slice([0, steps + 1, 0], [batch, 1, H]).reshape([batch, H]) as T2) : undefined;
      const dPre: T2[][] = Array.from({ length: nk }, () => new Array<T2>(steps));
      const operands: T2[][] = Array.from({ length: nk }, () => new Array<T2>(steps));
      for (let k = steps - 1; k >= 0; k--) {
        const t = order[k]!;
        const at = head + k * perStep;
        const [hIn, hK, cK, m, keepT] = saved.slice(at, at + 5) as [T2, T2, T2, T2, T2];
        const stepSaved = saved.slice(at + 5, at + 5 + rule.savedCount) as T2[];
        saved.slice(at + 5 + rule.savedCount, at + perStep).forEach((o, j) => (operands[j]![t] = o as T2));
        const notM = tf.sub(1, m);
        const dhS = dh.add(timeStep(dOut, t).mul(m)); // out_t = m ⊙ h_t
        const r = rule.back(
          stepSaved,
          dhS.mul(m) as T2,
          dc ? (dc.mul(m) as T2) : undefined,
          hIn,
          hK,
          rule.hasCell ? cK : undefined,
          whT,
        );
        r.dPre.forEach((d, j) => (dPre[j]![t] = d));
        let dhK = dhS.mul(notM).add(recurrentMask ? r.dhIn.mul(recurrentMask) : r.dhIn) as T2;
        if (r.dhPrev) dhK = dhK.add(r.dhPrev) as T2;
        dh = ks ? (dhK.mul(keepT) as T2) : dhK;
        if (dc) {
          const dcK = dc.mul(notM).add(r.dcPrev!) as T2;
          dc = ks ? (dcK.mul(keepT) as T2) : dcK;
        }
      }
      const flatXT = tf.transpose(flatX) as T2; // [I, T·B]
      let dx: tf.Tensor | undefined;
      const dKernels: tf.Tensor[] = [];
      const dBiases: tf.Tensor[] = [];
      ker.forEach((kj, j) => {
        const dA = tf.concat(dPre[j]!, 0) as T2; // T × [B, n] → [T·B, n]
        const hInT = tf.transpose(tf.concat(operands[j]!, 0)) as T2; // T × [B, H] → [H, T·B]
        dKernels.push(tf.concat([tf.matMul(flatXT, dA), tf.matMul(hInT, dA)], 0)); // [I, T·B] · [T·B, n] ; [H, T·B] · [T·B, n] → [I+H, n]
        dBiases.push(dA.sum(0)); // [n]
        const dxj = tf.matMul(dA, wxT[j]!); // [T·B, n] · [n, I]
        dx = dx ? dx.add(dxj) : dxj;
      });
      let dX = tf.transpose(dx!.reshape([steps, batch, I]), [1, 0, 2]) as tf.Tensor3D; // [T·B, I] → [B, T, I]
      if (inputMask) dX = dX.mul(inputMask.reshape([batch, 1, I]));
      return [dX, dh, ...(dc ? [dc] : []), ...dKernels, ...dBiases];
    };
    return { value, gradFunc };
  };
}
