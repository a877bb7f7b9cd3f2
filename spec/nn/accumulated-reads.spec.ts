import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { matMul } from '../../lib/nn/matmul.js';
import { AccumulatedReads } from '../../lib/nn/accumulated-reads.js';
import { describeOnBackends, expectArraysClose, expectNoLeak } from '../helpers/tensors.js';

const B = 3;
const T = 6;
const H = 4;
const S = 5;

/**
 * A recurrence that reads a weight W ([H, H], rank 2) and a memory M ([B, S, H], rank 3, computed from an input, so
 * its gradient must flow on) at every step: h_t = tanh(h_{t−1} · W + (α_t · M)), α_t = softmax(h_{t−1} · Q).
 */
function loop(w: tf.Tensor2D, q: tf.Tensor2D, m: tf.Tensor3D, h0: tf.Tensor2D, reads?: AccumulatedReads): tf.Scalar {
  let h = h0;
  let loss = tf.scalar(0);
  for (let t = 0; t < T; t++) {
    const alpha = tf.softmax(matMul(h, q, reads)).reshape([B, 1, S]) as tf.Tensor3D; // [B, H] · [H, S] → [B, 1, S]
    const read = matMul(alpha, m, reads).reshape([B, H]); // [B, 1, S] · [B, S, H] → [B, H]
    h = tf.tanh(matMul(h, w, reads).add(read)) as tf.Tensor2D;
    loss = loss.add(h.mul(t + 1).sum());
  }
  return loss;
}

describeOnBackends('AccumulatedReads', () => {
  it('gives the value and gradients of plain autodiff through the loop (weights and an upstream memory), to 1e-5', () => {
    tf.tidy(() => {
      const w = tf.randomNormal([H, H], 0, 0.5, 'float32', 1) as tf.Tensor2D;
      const q = tf.randomNormal([H, S], 0, 0.5, 'float32', 2) as tf.Tensor2D;
      const x = tf.randomNormal([B, S, H], 0, 1, 'float32', 3) as tf.Tensor3D;
      const h0 = tf.randomNormal([B, H], 0, 1, 'float32', 4) as tf.Tensor2D;
      const objective =
        (accumulate: boolean) =>
        (wi: tf.Tensor, qi: tf.Tensor, xi: tf.Tensor, hi: tf.Tensor): tf.Scalar => {
          const m = tf.sin(xi) as tf.Tensor3D; // M = sin(x): the gradient must pass the gate to x
          return loop(
            wi as tf.Tensor2D,
            qi as tf.Tensor2D,
            m,
            hi as tf.Tensor2D,
            accumulate ? new AccumulatedReads([wi, qi, m]) : undefined,
          );
        };
      const want = tf.valueAndGrads(objective(false))([w, q, x, h0]);
      const got = tf.valueAndGrads(objective(true))([w, q, x, h0]);
      expectArraysClose(got.value.dataSync(), want.value.dataSync(), 1e-5);
      want.grads.forEach((g, i) => expectArraysClose(got.grads[i]!.dataSync(), g.dataSync(), 1e-5));
      expect(tf.sum(tf.abs(got.grads[2]!)).dataSync()[0]).to.be.greaterThan(0);
    });
  });

  it('leaves no tensors behind (forward and backward)', async () => {
    const w = tf.variable(tf.randomNormal([H, H], 0, 0.5, 'float32', 1)) as tf.Variable<tf.Rank.R2>;
    const q = tf.variable(tf.randomNormal([H, S], 0, 0.5, 'float32', 2)) as tf.Variable<tf.Rank.R2>;
    const m = tf.randomNormal([B, S, H], 0, 1, 'float32', 3) as tf.Tensor3D;
    const h0 = tf.ones([B, H]) as tf.Tensor2D;
    await expectNoLeak(() => {
      const { value, grads } = tf.variableGrads(() => loop(w, q, m, h0, new AccumulatedReads([w, q, m])), [w, q]);
      tf.dispose([value, ...Object.values(grads)]);
    });
    tf.dispose([w, q, m, h0]);
  });
  // Seq2Seq.loss runs its decoder loop with AccumulatedReads: spec/models/seq2seq.spec.ts gradient-checks it.
});

// The check needs the cpu backend's data store.
describeOnBackends(
  'AccumulatedReads (strict kernels)',
  () => {
    it('the backward pass reads no tensor the forward scope freed (as libtensorflow kernels would)', () => {
      // cpu's ZerosLike ignores its input's data; libtensorflow's reads it. This one checks the data is still there.
      const original = tf.getKernel('ZerosLike', 'cpu')!;
      tf.unregisterKernel('ZerosLike', 'cpu');
      tf.registerKernel({
        ...original,
        kernelFunc: (args) => {
          const x = args.inputs['x']!;
          if (!(args.backend as unknown as { data: { has(id: tf.DataId): boolean } }).data.has(x.dataId))
            throw new Error('ZerosLike read a disposed tensor');
          return original.kernelFunc(args);
        },
      });
      try {
        const w = tf.variable(tf.randomNormal([H, H], 0, 0.5, 'float32', 1)) as tf.Variable<tf.Rank.R2>;
        const q = tf.variable(tf.randomNormal([H, S], 0, 0.5, 'float32', 2)) as tf.Variable<tf.Rank.R2>;
        const unused = tf.variable(tf.ones([2, 2])) as tf.Variable<tf.Rank.R2>;
        const { value, grads } = tf.variableGrads(
          () =>
            tf.tidy(() =>
              loop(
                w,
                q,
                tf.sin(tf.ones([B, S, H])) as tf.Tensor3D,
                tf.ones([B, H]) as tf.Tensor2D,
                new AccumulatedReads([w, q, unused]),
              ),
            ),
          [w, q, unused],
        );
        expect(tf.sum(tf.abs(grads[unused.name]!)).dataSync()[0]).to.equal(0);
        tf.dispose([value, ...Object.values(grads), w, q, unused]);
      } finally {
        tf.unregisterKernel('ZerosLike', 'cpu');
        tf.registerKernel(original);
      }
    });
  },
  ['cpu'],
);
