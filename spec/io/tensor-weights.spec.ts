import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { parameterCount, storedToTensors, tensorsToStored } from '../../lib/io/tensor-weights.js';
import { expectNoLeak } from '../helpers/tensors.js';
import { ShapeError } from '../../lib/errors.js';

describe('io/tensor-weights', () => {
  it('NamedTensorMap → stored → tensors round trip, without leaking tensors', async () => {
    const a = tf.tensor2d([
      [1.5, -2],
      [3, 4.25],
    ]);
    const b = tf.tensor1d([7, -8], 'int32');
    await expectNoLeak(() => {
      const stored = tensorsToStored({ a, b });
      expect(stored.map((s) => [s.name, s.shape, s.dtype])).to.deep.equal([
        ['a', [2, 2], 'float32'],
        ['b', [2], 'int32'],
      ]);
      expect([...stored[0]!.data]).to.deep.equal([1.5, -2, 3, 4.25]);
      expect(parameterCount(stored)).to.equal(6);
      const back = storedToTensors(stored);
      expect(back['a']!.shape).to.deep.equal([2, 2]);
      expect(back['b']!.dtype).to.equal('int32');
      expect([...back['a']!.dataSync()]).to.deep.equal([1.5, -2, 3, 4.25]);
      tf.dispose(back);
    });
    tf.dispose([a, b]);
  });

  it('stored data is a copy: later changes to the tensor source do not alter it', () => {
    const v = tf.variable(tf.zeros([2]));
    const stored = tensorsToStored({ v });
    v.assign(tf.ones([2]));
    expect([...stored[0]!.data]).to.deep.equal([0, 0]);
    v.dispose();
  });

  it('rejects dtypes a checkpoint cannot store', () => {
    const t = tf.tensor1d([true, false], 'bool');
    expect(() => tensorsToStored({ t })).to.throw(ShapeError, /dtype bool, expected float32 or int32/);
    t.dispose();
  });
});
