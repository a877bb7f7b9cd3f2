/** Checkpoint encode/decode: bit-exact round trips, float16 storage, and every failure mode of the bytes. */
import { expect } from 'chai';
import { Packr } from 'msgpackr';
import { decodeCheckpoint, encodeCheckpoint } from '../../lib/io/checkpoint-codec.js';
import type { Checkpoint } from '../../lib/io/checkpoint-types.js';
import { CheckpointError } from '../../lib/errors.js';
import { Rng } from '../../lib/util/random.js';
import { bytesOf, expectCheckpointError, sample } from './checkpoint-fixtures.js';

describe('io/checkpoint encode/decode', () => {
  it('round trip is bit-exact (float32, int32, -0, NaN, Infinity, subnormals) and keeps every field', () => {
    const original = sample();
    const back = decodeCheckpoint(encodeCheckpoint(original));
    expect(back.kind).to.equal('seq2seq');
    expect(back.config).to.deep.equal(original.config);
    expect(back.step).to.equal(1234);
    expect(back.epoch).to.equal(3);
    expect(back.rng).to.deep.equal(original.rng);
    expect(back.bestDevScore).to.equal(2.345);
    expect(back.meta).to.deep.equal(original.meta);
    expect(back.weightStorage).to.equal('float32');
    expect(Object.keys(back.tokenizers)).to.deep.equal(['source', 'target']);
    expect([...back.tokenizers['source']!.bytes]).to.deep.equal([1, 2, 3, 250]);
    expect(back.tokenizers['target']!.kind).to.equal('words');
    expect(back.weights.map((w) => [w.name, w.shape, w.dtype])).to.deep.equal(
      original.weights.map((w) => [w.name, w.shape, w.dtype]),
    );
    back.weights.forEach((w, i) => expect(bytesOf(w)).to.deep.equal(bytesOf(original.weights[i]!)));
    expect(back.optimizer?.name).to.equal('adam');
    expect(back.optimizer?.hyperparameters).to.deep.equal({ learningRate: 0.001, beta1: 0.9 });
    expect(bytesOf(back.optimizer!.state[0]!)).to.deep.equal(bytesOf(original.optimizer!.state[0]!));
  });

  it('encoding is deterministic', () => {
    expect(encodeCheckpoint(sample())).to.deep.equal(encodeCheckpoint(sample()));
  });

  it('optional fields may be absent', () => {
    const { optimizer: _o, rng: _r, bestDevScore: _b, ...rest } = sample();
    const back = decodeCheckpoint(encodeCheckpoint({ ...rest, kind: 'lm' }));
    expect(back.optimizer).to.equal(undefined);
    expect(back.rng).to.equal(undefined);
    expect(back.bestDevScore).to.equal(null);
    expect(back.kind).to.equal('lm');
  });

  it('float16 storage: about half the weight bytes, values within half-precision error, optimizer state exact', () => {
    const rng = new Rng(3);
    const big: Checkpoint = {
      ...sample(),
      weights: [
        {
          name: 'w',
          shape: [100, 50],
          dtype: 'float32',
          data: Float32Array.from({ length: 5000 }, () => rng.normal() * 0.1),
        },
      ],
    };
    const full = encodeCheckpoint(big);
    const half = encodeCheckpoint({ ...big, weightStorage: 'float16' });
    expect(half.byteLength).to.be.below(full.byteLength - 9000);
    const back = decodeCheckpoint(half);
    expect(back.weightStorage).to.equal('float16');
    const w = back.weights[0]!;
    expect(w.dtype).to.equal('float32');
    const orig = big.weights[0]!.data;
    w.data.forEach((v, i) =>
      expect(Math.abs(v - orig[i]!)).to.be.at.most(Math.max(Math.abs(orig[i]!) * 2 ** -11, 2 ** -25)),
    );
    expect(bytesOf(back.optimizer!.state[0]!)).to.deep.equal(bytesOf(big.optimizer!.state[0]!));
  });

  it('rejects wrong-shape data on save', () => {
    const bad: Checkpoint = {
      ...sample(),
      weights: [{ name: 'w', shape: [2, 2], dtype: 'float32', data: new Float32Array(3) }],
    };
    expect(() => encodeCheckpoint(bad)).to.throw(/'w' of shape \[2, 2\] needs 4 values, got 3/);
  });

  it('empty bytes → TRUNCATED', () => {
    expectCheckpointError(() => decodeCheckpoint(new Uint8Array(0)), 'E_CHECKPOINT_TRUNCATED', /empty/);
  });

  it('every proper prefix → TRUNCATED', () => {
    const bytes = encodeCheckpoint(sample());
    for (let n = 1; n < bytes.byteLength; n++) {
      expectCheckpointError(
        () => decodeCheckpoint(bytes.subarray(0, n), { source: 'x.s2s' }),
        'E_CHECKPOINT_TRUNCATED',
        /x\.s2s is truncated/,
      );
    }
  });

  it('a bit flip in the payload → CORRUPT (checksum mismatch)', () => {
    const bytes = encodeCheckpoint(sample());
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 40]! ^= 0x10;
    expectCheckpointError(
      () => decodeCheckpoint(flipped),
      'E_CHECKPOINT_CORRUPT',
      /checksum mismatch.*re-copy it or use an earlier checkpoint/,
    );
  });

  it('a bit flip anywhere is detected: always a CheckpointError, never a silently different checkpoint', () => {
    const bytes = encodeCheckpoint(sample());
    for (let i = 0; i < bytes.byteLength; i++) {
      for (const bit of [0x01, 0x80]) {
        const flipped = Uint8Array.from(bytes);
        flipped[i]! ^= bit;
        try {
          decodeCheckpoint(flipped);
          expect.fail(`flip of bit ${bit} at byte ${i} was not detected`);
        } catch (err) {
          if (!(err instanceof CheckpointError)) throw err;
        }
      }
    }
  });

  it('wrong kind → KIND, saying what it holds and what was expected', () => {
    const bytes = encodeCheckpoint(sample());
    expectCheckpointError(
      () => decodeCheckpoint(bytes, { expectKind: 'lm' }),
      'E_CHECKPOINT_KIND',
      /holds a seq2seq model, expected a language-model \(lm\) model/,
    );
  });

  it('newer format version → VERSION with the upgrade advice', () => {
    const packr = new Packr({ useRecords: false, mapsAsObjects: true });
    const bytes = packr.pack({
      format: 's2s-checkpoint',
      version: 3,
      kind: 'seq2seq',
      checksum: { algorithm: 'sha512', value: 'x' },
      payload: new Uint8Array(4),
    });
    expectCheckpointError(
      () => decodeCheckpoint(bytes),
      'E_CHECKPOINT_VERSION',
      /written by format version 3; this s2s reads up to version 1: upgrade s2s/,
    );
  });

  it('some other msgpack or text file → CORRUPT naming the format found', () => {
    const packr = new Packr({ useRecords: false, mapsAsObjects: true });
    expectCheckpointError(
      () => decodeCheckpoint(packr.pack({ hello: 1 })),
      'E_CHECKPOINT_CORRUPT',
      /expected format 's2s-checkpoint', found nothing/,
    );
    expectCheckpointError(
      () => decodeCheckpoint(new TextEncoder().encode('{"format": "json"}')),
      'E_CHECKPOINT_CORRUPT',
    );
  });
});
