/** Tensor assertions shared by the specs: dtype, then shape, then values; leak checks; backend loops. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { useBackend, type BackendName } from '../../lib/backend.js';

/** Asserts dtype, then shape, then every value within `tolerance` (absolute + relative). */
export function expectTensorsClose(
  actual: tf.Tensor,
  expected: tf.Tensor | number[] | number[][] | number[][][],
  tolerance = 1e-5,
): void {
  const exp = expected instanceof tf.Tensor ? expected : tf.tensor(expected as number[]);
  try {
    expect(actual.dtype, 'dtype').to.equal(exp.dtype);
    expect(actual.shape, 'shape').to.deep.equal(exp.shape);
    expectArraysClose(actual.dataSync(), exp.dataSync(), tolerance);
  } finally {
    if (!(expected instanceof tf.Tensor)) exp.dispose();
  }
}

/** Asserts two flat numeric arrays are equal in length and close element-wise: |a-b| <= tol * (1 + |b|). */
export function expectArraysClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length, 'length').to.equal(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (!(Math.abs(a - b) <= tolerance * (1 + Math.abs(b)))) {
      expect.fail(`element ${i}: got ${a}, expected ${b} (tolerance ${tolerance})`);
    }
  }
}

/** Runs `fn` and asserts it leaves `tf.memory().numTensors` unchanged. Returns fn's result. */
export async function expectNoLeak<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  expect(after - before, 'tensors leaked').to.equal(0);
  return result;
}

/** Declares the same suite once per backend (`wasm` and `cpu` by default), switching backend before each. */
export function describeOnBackends(
  title: string,
  body: (backend: BackendName) => void,
  backends: readonly BackendName[] = ['wasm', 'cpu'],
): void {
  for (const backend of backends) {
    describe(`${title} [${backend}]`, function () {
      let previous: string;
      before(async () => {
        previous = tf.getBackend();
        await useBackend(backend);
      });
      after(async () => {
        await tf.setBackend(previous);
      });
      body(backend);
    });
  }
}
