import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { ParamStore } from '../../lib/nn/params.js';
import { RnnCell } from '../../lib/nn/cells/rnn-cell.js';
import { LstmCell, FORGET_BIAS_INIT } from '../../lib/nn/cells/lstm-cell.js';
import { GruCell } from '../../lib/nn/cells/gru-cell.js';
import { unroll } from '../../lib/nn/sequence.js';
import { tidy } from '../../lib/nn/tidy.js';
import { describeOnBackends, expectArraysClose, expectNoLeak } from '../helpers/tensors.js';
import { rnnStep, lstmStep, gruStep, toMat, type Mat, type Vec } from './reference.js';

/** Hand-picked inputs: B = 2, I = 3, H = 4, T = 3. */
const X: number[][][] = [
  [
    [0.5, -1.0, 0.25],
    [1.5, 0.0, -0.5],
    [-0.75, 0.3, 0.9],
  ],
  [
    [-0.2, 0.4, 1.1],
    [0.0, -1.2, 0.6],
    [0.8, 0.8, -0.8],
  ],
];
const H0: number[][] = [
  [0.1, -0.2, 0.3, 0.0],
  [-0.5, 0.25, 0.0, 0.4],
];
const C0: number[][] = [
  [0.3, 0.1, -0.4, 0.2],
  [0.0, -0.3, 0.5, -0.1],
];

function weights(store: ParamStore, name: string): Mat {
  const v = store.get(name);
  return toMat(v.dataSync(), v.shape[0]!, v.shape[1]!);
}
function vector(store: ParamStore, name: string): Vec {
  return Array.from(store.get(name).dataSync());
}

describeOnBackends('nn/cells vs float64 reference', () => {
  it('RNN step matches h = tanh([x;h]·W + b)', () => {
    const store = new ParamStore(11);
    const cell = new RnnCell('rnn', store, 3, 4);
    tf.tidy(() => store.get('rnn.bias').assign(tf.tensor1d([0.1, -0.2, 0.3, 0.05])));
    const out = tf.tidy(() => cell.step(tf.tensor2d(X.map((s) => s[0]!)), { h: tf.tensor2d(H0) }).h.arraySync());
    X.forEach((seq, b) =>
      expectArraysClose(out[b]!, rnnStep(seq[0]!, H0[b]!, weights(store, 'rnn.kernel'), vector(store, 'rnn.bias'))),
    );
    store.dispose();
  });

  it('LSTM step matches the i, f, g, o equations; forget bias starts at 1', () => {
    const store = new ParamStore(12);
    const cell = new LstmCell('lstm', store, 3, 4);
    const bias = vector(store, 'lstm.bias');
    expect(bias.slice(4, 8)).to.deep.equal([FORGET_BIAS_INIT, FORGET_BIAS_INIT, FORGET_BIAS_INIT, FORGET_BIAS_INIT]);
    expect([...bias.slice(0, 4), ...bias.slice(8)].every((v) => v === 0)).to.equal(true);
    const out = tf.tidy(() => {
      const s = cell.step(tf.tensor2d(X.map((q) => q[0]!)), { h: tf.tensor2d(H0), c: tf.tensor2d(C0) });
      return [s.h.arraySync(), s.c!.arraySync()];
    });
    X.forEach((seq, b) => {
      const [h, c] = lstmStep(seq[0]!, H0[b]!, C0[b]!, weights(store, 'lstm.kernel'), bias);
      expectArraysClose(out[0]![b]!, h);
      expectArraysClose(out[1]![b]!, c);
    });
    store.dispose();
  });

  it('GRU step matches h = (1 − z)·h + z·ĥ', () => {
    const store = new ParamStore(13);
    const cell = new GruCell('gru', store, 3, 4);
    tf.tidy(() => store.get('gru.gate_bias').assign(tf.linspace(-0.4, 0.4, 8)));
    const out = tf.tidy(() => cell.step(tf.tensor2d(X.map((s) => s[0]!)), { h: tf.tensor2d(H0) }).h.arraySync());
    X.forEach((seq, b) =>
      expectArraysClose(
        out[b]!,
        gruStep(
          seq[0]!,
          H0[b]!,
          weights(store, 'gru.gate_kernel'),
          vector(store, 'gru.gate_bias'),
          weights(store, 'gru.candidate_kernel'),
          vector(store, 'gru.candidate_bias'),
        ),
      ),
    );
    store.dispose();
  });

  it('an unrolled LSTM matches the reference loop, and padded steps change neither state nor output', () => {
    const store = new ParamStore(14);
    const cell = new LstmCell('lstm', store, 3, 4);
    const W = weights(store, 'lstm.kernel');
    const bias = vector(store, 'lstm.bias');
    const lengths = [3, 2];
    const { outputs, finalH } = tf.tidy(() => {
      const mask = tf.tensor2d(lengths.map((len) => [0, 1, 2].map((t) => (t < len ? 1 : 0))));
      const r = unroll(cell, tf.tensor3d(X), mask, { h: tf.tensor2d(H0), c: tf.tensor2d(C0) });
      return { outputs: r.outputs.arraySync(), finalH: r.final.h.arraySync() };
    });
    lengths.forEach((len, b) => {
      let h = H0[b]!;
      let c = C0[b]!;
      for (let t = 0; t < 3; t++) {
        if (t < len) {
          [h, c] = lstmStep(X[b]![t]!, h, c, W, bias);
          expectArraysClose(outputs[b]![t]!, h);
        } else {
          expectArraysClose(outputs[b]![t]!, [0, 0, 0, 0]);
        }
      }
      expectArraysClose(finalH[b]!, h);
    });
    store.dispose();
  });

  it('cells do not leak tensors in forward, backward or inference loops', async () => {
    const store = new ParamStore(15);
    const cells = [
      new RnnCell('r', store, 3, 4),
      new LstmCell('l', store, 3, 4, { peepholes: true, layerNorm: true }),
      new GruCell('g', store, 3, 4, { layerNorm: true }),
    ];
    const x = tf.tensor3d(X);
    const mask = tf.ones([2, 3]) as tf.Tensor2D;
    await expectNoLeak(() => {
      for (const cell of cells) {
        const { outputs, final } = unroll(cell, x, mask);
        tf.dispose([outputs, final.h, ...(final.c ? [final.c] : [])]);
      }
      const { value, grads } = tf.variableGrads(
        () => tf.addN(cells.map((c) => unroll(c, x, mask).outputs.sum())) as tf.Scalar,
      );
      tf.dispose([value, ...Object.values(grads)]);
      for (const cell of cells) {
        let state = cell.zeroState(2);
        for (let t = 0; t < 20; t++) {
          const next = tidy(() => cell.step(tf.ones([2, 3]) as tf.Tensor2D, state));
          tf.dispose([state.h, state.c].filter((s): s is tf.Tensor2D => s !== undefined));
          state = next;
        }
        tf.dispose([state.h, state.c].filter((s): s is tf.Tensor2D => s !== undefined));
      }
    });
    tf.dispose([x, mask]);
    store.dispose();
  });
});
