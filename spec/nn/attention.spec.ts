import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { ParamStore } from '../../lib/nn/params.js';
import { BahdanauAttention } from '../../lib/nn/attention.js';
import { ShapeError } from '../../lib/errors.js';
import { describeOnBackends, expectArraysClose, expectNoLeak } from '../helpers/tensors.js';
import { bahdanau, toMat } from './reference.js';

/** B = 2 queries (Q = 3) over S = 4 memory slots (C = 2); the second sentence has 2 real positions. */
const QUERY = [
  [0.2, -0.4, 0.6],
  [-0.3, 0.1, 0.9],
];
const MEMORY = [
  [
    [0.5, -0.5],
    [0.1, 0.9],
    [-0.7, 0.2],
    [0.3, 0.3],
  ],
  [
    [-0.2, 0.4],
    [0.8, -0.6],
    [9, 9],
    [-9, 9],
  ], // positions 2, 3 are padding: their (large) values must not leak in
];
const VALID = [
  [1, 1, 1, 1],
  [1, 1, 0, 0],
];

describeOnBackends('nn/attention (Bahdanau)', () => {
  let store: ParamStore;
  let attention: BahdanauAttention;
  beforeEach(() => {
    store = new ParamStore(21);
    attention = new BahdanauAttention('att', store, 3, 2, 5);
    tf.tidy(() => store.get('att.key_bias').assign(tf.linspace(-0.2, 0.2, 5)));
  });
  afterEach(() => store.dispose());

  function run(): { context: number[][]; weights: number[][] } {
    return tf.tidy(() => {
      const memory = tf.tensor3d(MEMORY);
      const { context, weights } = attention.attend(
        tf.tensor2d(QUERY),
        attention.keys(memory),
        memory,
        tf.tensor2d(VALID),
      );
      return { context: context.arraySync(), weights: weights.arraySync() };
    });
  }

  it('matches the float64 reference e = vᵀ tanh(W_a s + U_a h + b), α = softmax, c = Σ α h', () => {
    const { context, weights } = run();
    const m = (name: string) => {
      const v = store.get(name);
      return toMat(v.dataSync(), v.shape[0]!, v.shape[1]!);
    };
    QUERY.forEach((q, b) => {
      const [c, a] = bahdanau(
        q,
        MEMORY[b]!,
        VALID[b]!.map((x) => x === 1),
        m('att.query_kernel'),
        m('att.key_kernel'),
        Array.from(store.get('att.key_bias').dataSync()),
        Array.from(store.get('att.v').dataSync()),
      );
      expectArraysClose(weights[b]!, a);
      expectArraysClose(context[b]!, c);
    });
  });

  it('weights sum to 1 per row and are exactly 0 at padded positions', () => {
    const { weights } = run();
    for (const row of weights) expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).to.be.below(1e-6);
    expect(weights[1]![2]).to.equal(0);
    expect(weights[1]![3]).to.equal(0);
  });

  it('rejects a memory of the wrong width with a shape message', () => {
    expect(() => attention.keys(tf.zeros([2, 4, 3]) as tf.Tensor3D)).to.throw(
      ShapeError,
      /memory must be \[B, S, 2\], got \[2,4,3\]/,
    );
  });

  it('leaks no tensors forward or backward', async () => {
    await expectNoLeak(() => {
      run();
      const { value, grads } = tf.variableGrads(() =>
        tf.tidy(() => {
          const memory = tf.tensor3d(MEMORY);
          return attention
            .attend(tf.tensor2d(QUERY), attention.keys(memory), memory, tf.tensor2d(VALID))
            .context.sum() as tf.Scalar;
        }),
      );
      tf.dispose([value, ...Object.values(grads)]);
    });
  });
});
