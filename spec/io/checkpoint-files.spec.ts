/** Checkpoint files: save/load round trips, atomic replacement, and the failure modes of files on disk. */
import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { encodeCheckpoint } from '../../lib/io/checkpoint-codec.js';
import { loadCheckpoint, saveCheckpoint } from '../../lib/io/checkpoint-file.js';
import { CheckpointError } from '../../lib/errors.js';
import { bytesOf, sample } from './checkpoint-fixtures.js';

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
