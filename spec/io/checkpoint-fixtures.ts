/** Shared by the checkpoint specs: a small complete checkpoint, its tensors' bytes, and the typed-error check. */
import { expect } from 'chai';
import type { Checkpoint, StoredTensor } from '../../lib/io/checkpoint-types.js';
import { CheckpointError } from '../../lib/errors.js';
import { Rng } from '../../lib/util/random.js';

/** A small but complete checkpoint; float32 data includes -0, NaN, ±Infinity and a float32 subnormal. */
export function sample(): Checkpoint<{ cell: string; hidden: number; layers: number[] }> {
  const rng = new Rng(1);
  const w = Float32Array.from({ length: 24 }, () => rng.normal());
  w.set([-0, NaN, Infinity, -Infinity, 1e-45], 0);
  return {
    kind: 'seq2seq',
    config: { cell: 'lstm', hidden: 8, layers: [1, 2] },
    tokenizers: {
      source: { kind: 'sentencepiece', bytes: Uint8Array.from([1, 2, 3, 250]) },
      target: { kind: 'words', bytes: new TextEncoder().encode('a\nb\n') },
    },
    weights: [
      { name: 'encoder/kernel', shape: [4, 6], dtype: 'float32', data: w },
      { name: 'decoder/bias', shape: [3], dtype: 'float32', data: Float32Array.from([0.1, -0.2, 0.3]) },
      { name: 'counts', shape: [2], dtype: 'int32', data: Int32Array.from([-7, 2 ** 31 - 1]) },
    ],
    optimizer: {
      name: 'adam',
      hyperparameters: { learningRate: 0.001, beta1: 0.9 },
      state: [{ name: 'encoder/kernel/m', shape: [2, 2], dtype: 'float32', data: Float32Array.from([1e-8, 2, 3, 4]) }],
    },
    step: 1234,
    epoch: 3,
    rng: rng.state(),
    bestDevScore: 2.345,
    meta: { trainingSeconds: 12.5, command: 's2s train --out x', data: ['a.tsv'] },
  };
}

export function bytesOf(t: StoredTensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

export function expectCheckpointError(fn: () => unknown, code: string, message?: RegExp): CheckpointError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(CheckpointError);
    const e = err as CheckpointError;
    expect(e.code).to.equal(code);
    if (message) expect(e.message).to.match(message);
    return e;
  }
  return expect.fail(`expected CheckpointError ${code}`);
}
