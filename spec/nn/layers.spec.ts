import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { ParamStore } from '../../lib/nn/params.js';
import { StackedRnn } from '../../lib/nn/stacked-rnn.js';
import { BidirectionalRnn } from '../../lib/nn/bidirectional.js';
import { Embedding, embeddingLookup } from '../../lib/nn/embedding.js';
import { variationalMask } from '../../lib/nn/dropout.js';
import { Rng } from '../../lib/util/random.js';
import { describeOnBackends, expectArraysClose, expectNoLeak } from '../helpers/tensors.js';
import type { CellKind } from '../../lib/nn/cells/cell.js';

describeOnBackends('nn layers', () => {
  const cells: CellKind[] = ['rnn', 'lstm', 'gru'];

  for (const cell of cells) {
    it(`batch invariance (${cell}, 2-layer bidirectional + residual stack): a sequence alone equals the same sequence padded in a batch`, () => {
      const store = new ParamStore(31);
      const bi = new BidirectionalRnn('bi', store, { cell, inputSize: 3, hiddenSize: 4, layers: 2 });
      const stack = new StackedRnn('st', store, { cell, inputSize: 3, hiddenSize: 3, layers: 3, residual: true });
      const rng = new Rng(5);
      const seq = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => rng.normal()));
      const longer = Array.from({ length: 6 }, () => Array.from({ length: 3 }, () => rng.normal()));
      const padded = [...seq, ...Array.from({ length: 3 }, () => [7, -7, 7])]; // garbage in padded slots
      tf.tidy(() => {
        for (const layer of [bi, stack]) {
          const alone = layer.run(tf.tensor3d([seq]), tf.ones([1, 3]) as tf.Tensor2D);
          const batch = layer.run(
            tf.tensor3d([longer, padded]),
            tf.tensor2d([
              [1, 1, 1, 1, 1, 1],
              [1, 1, 1, 0, 0, 0],
            ]),
          );
          const a = alone.outputs.arraySync()[0]!;
          const b = batch.outputs.arraySync()[1]!;
          for (let t = 0; t < 3; t++) expectArraysClose(b[t]!, a[t]!);
          for (let t = 3; t < 6; t++) expectArraysClose(b[t]!, new Array(b[t]!.length).fill(0));
          alone.finals.forEach((f, l) => expectArraysClose(batch.finals[l]!.h.arraySync()[1]!, f.h.arraySync()[0]!));
        }
      });
      store.dispose();
    });
  }

  it('a stacked step equals the stacked run, one token at a time', () => {
    const store = new ParamStore(32);
    const stack = new StackedRnn('st', store, { cell: 'lstm', inputSize: 3, hiddenSize: 4, layers: 2 });
    tf.tidy(() => {
      const x = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 3) as tf.Tensor3D;
      const run = stack.run(x, tf.ones([2, 5]) as tf.Tensor2D).outputs.arraySync();
      let states = stack.zeroStates(2);
      (tf.unstack(x, 1) as tf.Tensor2D[]).forEach((xt, t) => {
        const out = stack.step(xt, states);
        states = out.states;
        const o = out.output.arraySync();
        for (let b = 0; b < 2; b++) expectArraysClose(o[b]!, run[b]![t]!);
      });
    });
    store.dispose();
  });

  it('embedding lookup and its gradient (scatter-add) work on this backend', () => {
    const store = new ParamStore(33);
    const emb = new Embedding('emb', store, 5, 2);
    const ids = tf.tensor2d(
      [
        [1, 2],
        [2, 4],
      ],
      [2, 2],
      'int32',
    );
    const rows = tf.tidy(() => emb.lookup(ids).arraySync() as number[][][]);
    const table = emb.table.arraySync() as number[][];
    expect(rows[1]![1]).to.deep.equal(table[4]);
    const grad = tf.tidy(() =>
      tf
        .grad((t: tf.Tensor) => tf.sum(embeddingLookup(t, ids).mul(tf.tensor1d([1, 10]))))(emb.table)
        .arraySync(),
    );
    expect(grad).to.deep.equal([
      [0, 0],
      [1, 10],
      [2, 20],
      [0, 0],
      [1, 10],
    ]); // row 2 is used twice
    ids.dispose();
    store.dispose();
  });

  it('variational dropout: one mask per sequence, values 0 or 1/(1−p), rate close to p, reproducible by seed', () => {
    const a = variationalMask(new Rng(9), 200, 50, 0.3);
    const b = variationalMask(new Rng(9), 200, 50, 0.3);
    const values = a.dataSync();
    expect(Array.from(values)).to.deep.equal(Array.from(b.dataSync()));
    const zeros = values.filter((v) => v === 0).length / values.length;
    expect(zeros).to.be.within(0.27, 0.33);
    expect(values.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6)).to.equal(true);
    tf.dispose([a, b]);
  });

  it('dropout masks are reused at every step: with p → the same mask, two runs agree; stacks leak nothing', async () => {
    const store = new ParamStore(34);
    const stack = new StackedRnn('st', store, { cell: 'gru', inputSize: 3, hiddenSize: 4, layers: 2 });
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 1) as tf.Tensor3D;
    const mask = tf.ones([2, 4]) as tf.Tensor2D;
    await expectNoLeak(() => {
      const m1 = stack.dropoutMasks(new Rng(3), 2, 0.5);
      const m2 = stack.dropoutMasks(new Rng(3), 2, 0.5);
      const r1 = stack.run(x, mask, { masks: m1 });
      const r2 = stack.run(x, mask, { masks: m2 });
      expectArraysClose(r1.outputs.dataSync(), r2.outputs.dataSync(), 0);
      tf.dispose([r1, r2, m1, m2] as unknown as tf.TensorContainer);
    });
    tf.dispose([x, mask]);
    store.dispose();
  });
});
