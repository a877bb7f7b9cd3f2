/** Global-norm clipping against a hand computation. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { clipByGlobalNorm } from '../../lib/train/clip.js';
import { expectNoLeak, expectTensorsClose } from '../helpers/tensors.js';

describe('clipByGlobalNorm', function () {
  // g₁ = [3, 0], g₂ = [[0, 4]] → ‖g‖₂ = √(9 + 16) = 5.
  const grads = (): tf.NamedTensorMap => ({ a: tf.tensor1d([3, 0]), b: tf.tensor2d([[0, 4]]) });

  const table: Array<{ c: number; factor: number; why: string }> = [
    { c: 1, factor: 1 / 5, why: 'c < ‖g‖: scaled by c/‖g‖ = 0.2' },
    { c: 2.5, factor: 0.5, why: 'c = ‖g‖/2: halved' },
    { c: 5, factor: 1, why: 'c = ‖g‖: unchanged' },
    { c: 10, factor: 1, why: 'c > ‖g‖: unchanged' },
    { c: 0, factor: 1, why: 'c = 0: clipping off' },
    { c: Infinity, factor: 1, why: 'c = ∞: clipping off' },
  ];
  for (const { c, factor, why } of table) {
    it(`c = ${c}: ${why}`, async function () {
      const g = grads();
      await expectNoLeak(() => {
        const out = clipByGlobalNorm(g, c);
        expect(Object.keys(out.grads)).to.deep.equal(['a', 'b']);
        expect(out.globalNorm.dataSync()[0]).to.be.closeTo(5, 1e-6);
        expectTensorsClose(out.grads['a']!, [3 * factor, 0]);
        const expectedB = tf.tensor2d([[0, 4 * factor]]);
        expectTensorsClose(out.grads['b']!, expectedB);
        tf.dispose([out.globalNorm, out.grads, expectedB]);
      });
      tf.dispose(g);
    });
  }

  it('leaves zero gradients at zero (factor 1, no NaN)', function () {
    const g = { a: tf.zeros([3]) };
    const out = clipByGlobalNorm(g, 1);
    expectTensorsClose(out.grads['a']!, [0, 0, 0]);
    expect(out.globalNorm.dataSync()[0]).to.equal(0);
    tf.dispose([g, out.grads, out.globalNorm]);
  });

  it('keeps the direction: the clipped norm equals c', function () {
    const g = { a: tf.tensor1d([1, -2, 2]), b: tf.tensor1d([4]) }; // ‖g‖ = √(1+4+4+16) = 5
    const out = clipByGlobalNorm(g, 0.5);
    const clippedNorm = Math.hypot(...out.grads['a']!.dataSync(), ...out.grads['b']!.dataSync());
    expect(clippedNorm).to.be.closeTo(0.5, 1e-6);
    expectTensorsClose(out.grads['a']!, [0.1, -0.2, 0.2]);
    tf.dispose([g, out.grads, out.globalNorm]);
  });
});
