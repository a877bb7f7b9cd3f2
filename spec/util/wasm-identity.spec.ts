import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { describeOnBackends } from '../helpers/tensors.js';

/** The wasm heap's size in bytes (it grows on demand and never shrinks). */
function heapBytes(): number {
  return (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
}

describeOnBackends(
  'wasm Identity shares buffers (lib/util/wasm-identity.ts)',
  () => {
    it('eight clones of a 64 MiB tensor grow the heap by less than one copy, and each handle outlives the other', () => {
      const before = heapBytes();
      const big = tf.fill([16, 1024, 1024], 2); // 64 MiB
      const copies = Array.from({ length: 8 }, () => big.clone()); // copying would need 512 MiB more
      expect(heapBytes() - before).to.be.lessThan(80 * 2 ** 20);
      big.dispose();
      expect(copies[3]!.slice([15, 1023, 1020], [1, 1, 4]).dataSync()).to.deep.equal(new Float32Array([2, 2, 2, 2]));
      tf.dispose(copies.slice(0, 7));
      expect(tf.sum(copies[7]!).dataSync()[0]).to.equal(2 * 16 * 2 ** 20);
      copies[7]!.dispose();
    });

    it('gradients through saved (cloned) tensors are unchanged: d/dx Σ x³ = 3x²', () => {
      tf.tidy(() => {
        const x = tf.tensor1d([1, -2, 0.5]);
        const g = tf.grad((v: tf.Tensor) => v.pow(3).sum())(x);
        expect(Array.from(g.dataSync())).to.deep.equal([3, 12, 0.75]);
      });
    });
  },
  ['wasm'],
);
