/** Checkpoint averaging and `keepCheckpoints`: identity on copies, the mean otherwise, clear mismatch errors. */
import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Trainer, LAST_CHECKPOINT_FILE } from '../../lib/train/trainer.js';
import { resolveTrainerOptions } from '../../lib/train/trainer-options.js';
import { averageCheckpoints } from '../../lib/train/average-checkpoints.js';
import { keptCheckpoints } from '../../lib/train/keep-checkpoints.js';
import { loadCheckpoint, type Checkpoint, type StoredTensor } from '../../lib/io/index.js';
import { ModelMismatchError, OptionError } from '../../lib/errors.js';
import { TrainingError } from '../../lib/train/training-error.js';
import { ToyTask } from './toy-task.js';

const bytesOf = (w: StoredTensor): Uint8Array => new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength);

describe('checkpoint averaging and --keep-checkpoints', function () {
  this.timeout(60_000);
  let dir: string;
  /** Steps at which the run wrote last.s2s, in order. */
  const written: number[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 's2s-average-'));
    const task = new ToyTask();
    const epochEnds: number[] = [];
    const trainer = new Trainer(
      task,
      { seed: 2, maxSteps: 13, checkpointEvery: 3, keepCheckpoints: 3, outDir: dir },
      {
        observers: [{ onStep: (e) => e.batchIndex === e.batchesInEpoch && epochEnds.push(e.step) }],
        checkpointContent: () => ({
          config: { vocab: 12 },
          tokenizers: { source: { kind: 'words', bytes: new Uint8Array([1, 2]) } },
        }),
      },
    );
    await trainer.train();
    trainer.dispose();
    task.dispose();
    // last.s2s is written every 3 steps, at each epoch end and when the run stops (step 13)
    written.push(
      ...new Set([
        ...Array.from({ length: 13 }, (_, i) => i + 1).filter((s) => s % 3 === 0 || epochEnds.includes(s)),
        13,
      ]),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('keeps the newest N copies of last.s2s as step-N.s2s; the newest is a copy of last.s2s', async () => {
    const kept = await keptCheckpoints(dir);
    expect(kept.map((k) => k.step)).to.deep.equal(written.slice(-3));
    expect((await readdir(dir)).filter((f) => f.startsWith('step-'))).to.have.length(3);
    for (const k of kept) expect((await loadCheckpoint(k.path)).step).to.equal(k.step);
    expect(await readFile(kept.at(-1)!.path)).to.deep.equal(await readFile(join(dir, LAST_CHECKPOINT_FILE)));
  });

  it('keepCheckpoints must be an integer ≥ 0', () => {
    expect(() => resolveTrainerOptions({ keepCheckpoints: -1 })).to.throw(
      TrainingError,
      /keepCheckpoints must be an integer ≥ 0/,
    );
    expect(() => resolveTrainerOptions({ keepCheckpoints: 1.5 })).to.throw(TrainingError, /keepCheckpoints/);
  });

  it('averaging copies of one checkpoint gives its weights back bit for bit', async () => {
    const [, , newest] = await keptCheckpoints(dir);
    const checkpoint = await loadCheckpoint(newest!.path);
    for (const copies of [2, 3]) {
      const averaged = averageCheckpoints(Array.from({ length: copies }, () => ({ checkpoint, source: newest!.path })));
      expect(averaged.weights.map((w) => [w.name, w.shape, w.dtype])).to.deep.equal(
        checkpoint.weights.map((w) => [w.name, w.shape, w.dtype]),
      );
      averaged.weights.forEach((w, i) => expect(bytesOf(w)).to.deep.equal(bytesOf(checkpoint.weights[i]!)));
      expect(averaged.config).to.deep.equal(checkpoint.config);
      expect(averaged.tokenizers).to.deep.equal(checkpoint.tokenizers);
      expect(averaged.optimizer).to.equal(undefined);
    }
  });

  it('averaging different checkpoints gives the element-wise mean, at the newest step', async () => {
    const kept = await keptCheckpoints(dir);
    const inputs = await Promise.all(
      kept.map(async (k) => ({ checkpoint: await loadCheckpoint(k.path), source: k.path })),
    );
    const averaged = averageCheckpoints(inputs);
    expect(averaged.step).to.equal(kept.at(-1)!.step);
    expect(averaged.meta['averagedFrom']).to.deep.equal(kept.map((k) => ({ source: k.path, step: k.step })));
    averaged.weights.forEach((w, i) => {
      const values = inputs.map((c) => c.checkpoint.weights[i]!.data);
      expect(values[0]).to.not.deep.equal(values[2]); // the run moved the weights
      w.data.forEach((x, j) => expect(x).to.be.closeTo(values.reduce((s, v) => s + v[j]!, 0) / values.length, 1e-6));
    });
  });

  it('rejects checkpoints of different models with a ModelMismatchError naming the file and the difference', async () => {
    const [k] = await keptCheckpoints(dir);
    const base = await loadCheckpoint(k!.path);
    const variant = (change: Partial<Checkpoint>): { checkpoint: Checkpoint; source: string } => ({
      checkpoint: { ...base, ...change },
      source: 'other.s2s',
    });
    const cases: Array<[Partial<Checkpoint>, string, RegExp]> = [
      [{ kind: 'lm' }, 'E_MISMATCH_KIND', /other\.s2s holds a lm model, .* a seq2seq model/],
      [{ config: { vocab: 13 } }, 'E_MISMATCH_CONFIG', /different model config .*\(vocab: 12 vs 13\)/],
      [
        { tokenizers: { source: { kind: 'words', bytes: new Uint8Array([1, 3]) } } },
        'E_MISMATCH_TOKENIZER',
        /different source tokenizer/,
      ],
      [{ weights: base.weights.slice(1) }, 'E_MISMATCH_WEIGHTS', /weight 1 \('toy\.embed\.table'\) of .* has no match/],
      [
        { weights: base.weights.map((w, i) => (i === 1 ? { ...w, shape: [...w.shape].reverse() } : w)) },
        'E_MISMATCH_WEIGHTS',
        /'toy\.out\.kernel'/,
      ],
    ];
    for (const [change, code, message] of cases) {
      expect(() => averageCheckpoints([{ checkpoint: base, source: k!.path }, variant(change)]), code)
        .to.throw(ModelMismatchError, message)
        .with.property('code', code);
    }
    expect(() => averageCheckpoints([])).to.throw(OptionError, /at least one checkpoint/);
  });
});
