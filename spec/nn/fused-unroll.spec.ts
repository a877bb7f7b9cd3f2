import * as tf from '@tensorflow/tfjs-core';
import { ParamStore } from '../../lib/nn/params.js';
import { makeCell } from '../../lib/nn/cells/make-cell.js';
import type { CellKind, CellState, RecurrentCell } from '../../lib/nn/cells/cell.js';
import { unroll, maskedStep } from '../../lib/nn/sequence.js';
import { fusedUnroll } from '../../lib/nn/fused/fused-unroll.js';
import { variationalMask } from '../../lib/nn/dropout.js';
import { Rng } from '../../lib/util/random.js';
import { describeOnBackends, expectArraysClose, expectNoLeak } from '../helpers/tensors.js';

const B = 3;
const T = 5;
const I = 4;
const H = 3;

interface Case {
  reverse: boolean;
  dropout: boolean;
  initial: boolean;
  reset: boolean;
}

/** The fused layer's value and gradients against autodiff through the step-by-step `unroll` (the reference). */
function compare(kind: CellKind, c: Case): void {
  const store = new ParamStore(11);
  const cell = makeCell(kind, 'c', store, I, H);
  const rng = new Rng(7);
  const variables = [...store.variables.values()];
  tf.tidy(() => {
    const x = tf.randomNormal([B, T, I], 0, 1, 'float32', 3) as tf.Tensor3D;
    const valid = tf.tensor2d([
      [1, 1, 1, 1, 1],
      [1, 1, 1, 0, 0],
      [1, 0, 0, 0, 0],
    ]); // padding of several lengths
    const keep = c.reset
      ? tf.tensor2d([
          [1, 1, 0, 1, 1],
          [1, 0, 1, 1, 1],
          [1, 1, 1, 1, 1],
        ])
      : undefined;
    const h0 = tf.randomNormal([B, H], 0, 1, 'float32', 4) as tf.Tensor2D;
    const initial: CellState | undefined = c.initial
      ? kind === 'lstm'
        ? { h: h0, c: h0.mul(0.5) as tf.Tensor2D }
        : { h: h0 }
      : undefined;
    const masks = c.dropout
      ? { inputMask: variationalMask(rng, B, I, 0.3), recurrentMask: variationalMask(rng, B, H, 0.3) }
      : {};
    const weights = [
      tf.randomNormal([B, T, H], 0, 1, 'float32', 5),
      tf.randomNormal([B, H], 0, 1, 'float32', 6),
      tf.randomNormal([B, H], 0, 1, 'float32', 7),
    ];
    const objective = (run: () => { outputs: tf.Tensor; final: CellState }) => (): tf.Scalar => {
      const { outputs, final } = run();
      let loss = outputs.mul(weights[0]!).sum().add(final.h.mul(weights[1]!).sum());
      if (final.c) loss = loss.add(final.c.mul(weights[2]!).sum());
      return loss as tf.Scalar;
    };
    const reference = (): { outputs: tf.Tensor; final: CellState } =>
      keep
        ? resetLoop(cell, x, valid, keep, initial, { ...masks, reverse: c.reverse })
        : unroll(cell, x, valid, initial, { ...masks, reverse: c.reverse });
    const fused = (): { outputs: tf.Tensor; final: CellState } =>
      fusedUnroll(cell.recurrence!()!, x, valid, initial, { ...masks, reverse: c.reverse, keepMask: keep });
    const xs = [x, ...(initial ? [initial.h] : [])];
    const want = tf.grads((...inputs: tf.Tensor[]) => withInputs(objective(reference), x, inputs))(xs);
    const got = tf.grads((...inputs: tf.Tensor[]) => withInputs(objective(fused), x, inputs))(xs);
    want.forEach((w, i) => expectArraysClose(got[i]!.dataSync(), w.dataSync(), 1e-4));
    const wantV = tf.variableGrads(objective(reference), variables);
    const gotV = tf.variableGrads(objective(fused), variables);
    expectArraysClose(gotV.value.dataSync(), wantV.value.dataSync(), 1e-5);
    for (const v of variables) expectArraysClose(gotV.grads[v.name]!.dataSync(), wantV.grads[v.name]!.dataSync(), 1e-4);
    const a = reference();
    const b = fused();
    expectArraysClose(b.outputs.dataSync(), a.outputs.dataSync(), 1e-5);
    expectArraysClose(b.final.h.dataSync(), a.final.h.dataSync(), 1e-5);
  });
  store.dispose();
}

/** Gradients w.r.t. x (and h0) come through tf.grads: the closure reads the inputs it is handed. */
function withInputs(f: () => tf.Scalar, _x: tf.Tensor3D, _inputs: tf.Tensor[]): tf.Scalar {
  return f();
}

/** Reference for resets: `s ← k_t ⊙ s`, then the masked step, one t at a time. */
function resetLoop(
  cell: RecurrentCell,
  x: tf.Tensor3D,
  valid: tf.Tensor2D,
  keep: tf.Tensor2D,
  initial: CellState | undefined,
  opts: { reverse?: boolean; inputMask?: tf.Tensor2D; recurrentMask?: tf.Tensor2D },
): { outputs: tf.Tensor; final: CellState } {
  const xs = tf.unstack(x, 1) as tf.Tensor2D[];
  const ms = tf.split(valid, T, 1) as tf.Tensor2D[];
  const ks = tf.split(keep, T, 1) as tf.Tensor2D[];
  let s = initial ?? cell.zeroState(B);
  const outs: tf.Tensor2D[] = new Array(T);
  for (let k = 0; k < T; k++) {
    const t = opts.reverse ? T - 1 - k : k;
    s = s.c
      ? { h: s.h.mul(ks[t]!) as tf.Tensor2D, c: s.c.mul(ks[t]!) as tf.Tensor2D }
      : { h: s.h.mul(ks[t]!) as tf.Tensor2D };
    s = maskedStep(cell, xs[t]!, s, ms[t]!, opts);
    outs[t] = s.h.mul(ms[t]!);
  }
  return { outputs: tf.stack(outs, 1), final: s };
}

describeOnBackends('fused whole-sequence recurrence', () => {
  const cases: Case[] = [
    { reverse: false, dropout: false, initial: false, reset: false },
    { reverse: true, dropout: false, initial: false, reset: false },
    { reverse: false, dropout: true, initial: true, reset: false },
    { reverse: true, dropout: true, initial: true, reset: false },
    { reverse: false, dropout: true, initial: true, reset: true },
  ];
  for (const kind of ['lstm', 'gru', 'rnn'] as const) {
    for (const c of cases) {
      it(`${kind}: value and gradients match autodiff through unroll (${
        Object.entries(c)
          .filter(([, v]) => v)
          .map(([k]) => k)
          .join(', ') || 'plain'
      }), to 1e-4`, () => compare(kind, c));
    }
    it(`${kind}: leaves no tensors behind (forward and backward)`, async () => {
      const store = new ParamStore(2);
      const cell = makeCell(kind, 'c', store, I, H);
      await expectNoLeak(() => {
        const x = tf.ones([B, T, I]) as tf.Tensor3D;
        const valid = tf.ones([B, T]) as tf.Tensor2D;
        const { value, grads } = tf.variableGrads(
          () => fusedUnroll(cell.recurrence!()!, x, valid, undefined).outputs.sum() as tf.Scalar,
          [...store.variables.values()],
        );
        tf.dispose([x, valid, value, ...Object.values(grads)]);
      });
      store.dispose();
    });
  }
});
