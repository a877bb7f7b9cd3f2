/** Resuming continues the same run: 2N straight steps ≡ N steps + checkpoint + fresh task and trainer + N steps. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadCheckpoint } from '../../lib/io/index.js';
import { Trainer, LAST_CHECKPOINT_FILE, BEST_CHECKPOINT_FILE } from '../../lib/train/trainer.js';
import type { TrainerOptions } from '../../lib/train/trainer-options.js';
import type { OptimizerName } from '../../lib/train/optimizers.js';
import { expectArraysClose } from '../helpers/tensors.js';
import { ToyTask } from './toy-task.js';

/** Trains and records every step's loss. */
async function run(
  task: ToyTask,
  options: Partial<TrainerOptions>,
  resumeFrom?: string,
): Promise<{ losses: number[]; rates: number[]; trainer: Trainer<number[]> }> {
  const losses: number[] = [];
  const rates: number[] = [];
  const trainer = new Trainer(task, options, {
    observers: [{ onStep: (e) => (losses.push(e.loss), rates.push(e.learningRate)) }],
    checkpointContent: () => ({ config: { toy: true }, meta: { note: 'spec' } }),
  });
  if (resumeFrom) await trainer.resume(resumeFrom);
  await trainer.train();
  return { losses, rates, trainer };
}

describe('Trainer resume', function () {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 's2s-train-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // 48 examples in batches of ≤ 6 → ≥ 8 batches per epoch; N = 12 crosses an epoch end, 2N = 24 crosses more.
  const N = 12;
  for (const optimizer of ['adam', 'rmsprop', 'sgd'] as OptimizerName[]) {
    it(`matches an uninterrupted run loss for loss (${optimizer}, dropout from the run's rng, clipping and lr decay active)`, async function () {
      const options: Partial<TrainerOptions> = {
        optimizer,
        learningRate: optimizer === 'sgd' ? 0.5 : 0.02,
        seed: 5,
        evalEvery: 2,
        clipNorm: 0.5,
        minDelta: 0.15,
        maxEpochs: 100,
        patience: 0,
      };
      const straightTask = new ToyTask();
      const straight = await run(straightTask, { ...options, maxSteps: 2 * N });
      straight.trainer.dispose();
      straightTask.dispose();

      const firstTask = new ToyTask();
      const first = await run(firstTask, { ...options, maxSteps: N, outDir: dir });
      first.trainer.dispose();
      firstTask.dispose();

      // A fresh model with different initial weights: everything must come from the checkpoint.
      const secondTask = new ToyTask({ initSeed: 12345 });
      const second = await run(
        secondTask,
        { ...options, maxSteps: 2 * N, outDir: dir },
        join(dir, LAST_CHECKPOINT_FILE),
      );
      second.trainer.dispose();
      secondTask.dispose();

      expect(straight.losses).to.have.length(2 * N);
      expect(first.losses).to.have.length(N);
      expect(second.losses).to.have.length(N);
      expectArraysClose([...first.losses, ...second.losses], straight.losses, 1e-6);
      expect(straight.losses[2 * N - 1]!).to.be.lessThan(straight.losses[0]!);
      expect(straight.rates[2 * N - 1]!, 'lr was decayed during the run').to.be.lessThan(straight.rates[0]!);
      expect(second.rates[0]!, 'resumed with the decayed lr').to.equal(straight.rates[N]!);
    });
  }

  it('resumes mid-epoch at the right batch and reports where', async function () {
    const notices: string[] = [];
    const a = new ToyTask();
    const t1 = new Trainer(a, { seed: 3, maxSteps: 3, evalEvery: 3, outDir: dir });
    await t1.train();
    t1.dispose();
    a.dispose();
    const b = new ToyTask();
    const t2 = new Trainer(
      b,
      { seed: 3, maxSteps: 4, evalEvery: 3, outDir: dir },
      { observers: [{ onNotice: (m) => notices.push(m) }] },
    );
    await t2.resume(join(dir, LAST_CHECKPOINT_FILE));
    expect(t2.state.step).to.equal(3);
    expect(t2.state.batchIndex).to.equal(3);
    expect(t2.state.epoch).to.equal(1);
    expect(notices[0]).to.match(/resumed from .*last\.s2s at step 3, epoch 1, batch 3/);
    await t2.train();
    expect(b.startedEpochs).to.deep.equal([1]);
    t2.dispose();
    b.dispose();
  });

  it('writes model.s2s (best dev loss) and last.s2s with the full training state', async function () {
    const task = new ToyTask();
    const trainer = new Trainer(
      task,
      { seed: 2, maxSteps: 10, evalEvery: 5, checkpointEvery: 5, outDir: dir, optimizer: 'adam' },
      {
        checkpointContent: () => ({
          config: { vocab: 12 },
          tokenizers: { source: { kind: 'words', bytes: new Uint8Array([1, 2]) } },
          meta: { command: 'spec' },
        }),
      },
    );
    const result = await trainer.train();
    trainer.dispose();
    task.dispose();
    const last = await loadCheckpoint(join(dir, LAST_CHECKPOINT_FILE), { expectKind: 'seq2seq' });
    const best = await loadCheckpoint(join(dir, BEST_CHECKPOINT_FILE));
    expect(last.step).to.equal(10);
    expect(last.config).to.deep.equal({ vocab: 12 });
    expect(last.tokenizers['source']?.kind).to.equal('words');
    expect(last.meta['command']).to.equal('spec');
    expect(last.weights.map((w) => w.name)).to.deep.equal(['toy.embed.table', 'toy.out.kernel', 'toy.out.bias']);
    expect(last.optimizer?.name).to.equal('adam');
    expect(last.optimizer?.state.map((s) => s.name)).to.deep.equal([
      'iter',
      'toy.embed.table/m',
      'toy.out.kernel/m',
      'toy.out.bias/m',
      'toy.embed.table/v',
      'toy.out.kernel/v',
      'toy.out.bias/v',
    ]);
    expect(last.rng).to.have.length(4);
    const trainerMeta = last.meta['trainer'] as Record<string, unknown>;
    expect(trainerMeta).to.include.keys(
      'batchIndex',
      'epochRng',
      'learningRate',
      'badEvaluations',
      'bestDevLoss',
      'lastEvalStep',
      'elapsedSeconds',
    );
    expect(last.bestDevScore).to.equal(result.bestDevLoss);
    expect(best.step).to.equal(result.bestStep);
    expect(best.bestDevScore).to.equal(result.bestDevLoss);
  });

  it('rejects a checkpoint for a different model with E_RESUME_MISMATCH', async function () {
    const task = new ToyTask();
    const trainer = new Trainer(task, { seed: 2, maxSteps: 2, outDir: dir });
    await trainer.train();
    trainer.dispose();
    task.dispose();
    const other = new ToyTask({ dim: 4 });
    const t2 = new Trainer(other, {});
    let error: unknown;
    try {
      await t2.resume(join(dir, LAST_CHECKPOINT_FILE));
    } catch (err) {
      error = err;
    }
    expect(error).to.have.property('code', 'E_RESUME_MISMATCH');
    expect(String((error as Error).message)).to.match(/toy\.embed\.table.*\[12, 8\].*\[12, 4\]/);
    t2.dispose();
    other.dispose();
  });

  it('rejects a wrong-kind checkpoint with E_CHECKPOINT_KIND', async function () {
    const task = new ToyTask();
    const trainer = new Trainer(task, { seed: 2, maxSteps: 1, outDir: dir, kind: 'lm' });
    await trainer.train();
    trainer.dispose();
    const t2 = new Trainer(task, { kind: 'seq2seq' });
    let error: unknown;
    try {
      await t2.resume(join(dir, LAST_CHECKPOINT_FILE));
    } catch (err) {
      error = err;
    }
    expect(error).to.have.property('code', 'E_CHECKPOINT_KIND');
    t2.dispose();
    task.dispose();
  });
});
