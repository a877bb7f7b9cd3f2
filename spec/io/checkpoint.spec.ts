/** Checkpoint encode/decode and files: bit-exact round trips, float16 storage, and every failure mode. */
import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Packr } from 'msgpackr';
import { decodeCheckpoint, encodeCheckpoint } from '../../lib/io/checkpoint-codec.js';
import { loadCheckpoint, saveCheckpoint } from '../../lib/io/checkpoint-file.js';
import type { Checkpoint, StoredTensor } from '../../lib/io/checkpoint-types.js';
import { CheckpointError } from '../../lib/errors.js';
import { Rng } from '../../lib/util/random.js';

/** A small but complete checkpoint; float32 data includes -0, NaN, ±Infinity and a float32 subnormal. */
function sample(): Checkpoint<{ cell: string; hidden: number; layers: number[] }> {
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

function bytesOf(t: StoredTensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

function expectCheckpointError(fn: () => unknown, code: string, message?: RegExp): CheckpointError {
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

describe('io/checkpoint files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 's2s-ckpt-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('save then load: bit-exact, no temporary files left', async () => {
    const path = join(dir, 'model.s2s');
    await saveCheckpoint(path, sample());
    const back = await loadCheckpoint(path, { expectKind: 'seq2seq' });
    back.weights.forEach((w, i) => expect(bytesOf(w)).to.deep.equal(bytesOf(sample().weights[i]!)));
    expect(await readdir(dir)).to.deep.equal(['model.s2s']);
  });

  it('overwrites an existing checkpoint', async () => {
    const path = join(dir, 'model.s2s');
    await saveCheckpoint(path, sample());
    await saveCheckpoint(path, { ...sample(), step: 99 });
    expect((await loadCheckpoint(path)).step).to.equal(99);
  });

  it('a write that fails midway leaves the previous file intact and no temporary file', async () => {
    const path = join(dir, 'model.s2s');
    await saveCheckpoint(path, sample());
    const before = await readFile(path);
    const failing = saveCheckpoint(
      path,
      { ...sample(), step: 5 },
      {
        chunkSize: 64,
        onProgress: (written) => {
          if (written >= 128) throw new Error('disk full (simulated)');
        },
      },
    );
    await failing.then(
      () => expect.fail('save should have failed'),
      (err: Error) => expect(err.message).to.equal('disk full (simulated)'),
    );
    expect(await readFile(path)).to.deep.equal(before);
    expect(await readdir(dir)).to.deep.equal(['model.s2s']);
  });

  it('a failed first save leaves no file at all', async () => {
    const path = join(dir, 'model.s2s');
    await saveCheckpoint(path, sample(), {
      chunkSize: 64,
      onProgress: () => {
        throw new Error('killed');
      },
    }).catch(() => undefined);
    expect(await readdir(dir)).to.deep.equal([]);
  });

  it('missing file → MISSING with the path and what to do', async () => {
    const path = join(dir, 'nope.s2s');
    await loadCheckpoint(path).then(
      () => expect.fail('should fail'),
      (err: CheckpointError) => {
        expect(err).to.be.instanceOf(CheckpointError);
        expect(err.code).to.equal('E_CHECKPOINT_MISSING');
        expect(err.message)
          .to.contain(path)
          .and.to.match(/check the path/);
      },
    );
  });

  it('truncated and corrupt files on disk', async () => {
    const path = join(dir, 'model.s2s');
    const bytes = encodeCheckpoint(sample());
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.byteLength / 2)));
    await loadCheckpoint(path).then(
      () => expect.fail('should fail'),
      (err: CheckpointError) => expect(err.code).to.equal('E_CHECKPOINT_TRUNCATED'),
    );
    const flipped = Uint8Array.from(bytes);
    flipped[bytes.byteLength - 10]! ^= 1;
    await writeFile(path, flipped);
    await loadCheckpoint(path).then(
      () => expect.fail('should fail'),
      (err: CheckpointError) => expect(err.code).to.equal('E_CHECKPOINT_CORRUPT'),
    );
    await writeFile(path, bytes);
    await loadCheckpoint(path, { expectKind: 'lm' }).then(
      () => expect.fail('should fail'),
      (err: CheckpointError) => expect(err.code).to.equal('E_CHECKPOINT_KIND'),
    );
  });

  it('a device, a directory or a FIFO → NOT_FILE at once (never reads /dev/zero forever)', async () => {
    for (const path of ['/dev/zero', dir]) {
      await loadCheckpoint(path).then(
        () => expect.fail(`${path} should fail`),
        (err: CheckpointError) => {
          expect(err.code, path).to.equal('E_CHECKPOINT_NOT_FILE');
          expect(err.message)
            .to.contain(path)
            .and.to.match(/not a regular file/);
        },
      );
    }
  });

  it('a file over the size cap → TOO_LARGE naming the limit, without reading it', async () => {
    const path = join(dir, 'model.s2s');
    await saveCheckpoint(path, sample());
    await loadCheckpoint(path, { maxBytes: 100 }).then(
      () => expect.fail('should fail'),
      (err: CheckpointError) => {
        expect(err.code).to.equal('E_CHECKPOINT_TOO_LARGE');
        expect(err.message).to.contain(path).and.to.contain('100 bytes');
      },
    );
  });

  it('temporaries left by a killed save (dead process id) are removed by the next save; live ones are kept', async () => {
    const path = join(dir, 'model.s2s');
    const dead = join(dir, '.model.s2s.999999999.deadbeef.tmp');
    const live = join(dir, `.model.s2s.${process.pid}.cafebabe.tmp`);
    await writeFile(dead, 'partial');
    await writeFile(live, 'partial');
    await saveCheckpoint(path, sample());
    expect((await readdir(dir)).sort()).to.deep.equal([basename(live), 'model.s2s'].sort());
  });
});
