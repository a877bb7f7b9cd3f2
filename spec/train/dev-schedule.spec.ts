/** LR decay and early stopping: the pure rule, then the trainer driven by a task with scripted dev losses. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { ParamStore } from '../../lib/nn/params.js';
import type { Rng } from '../../lib/util/random.js';
import {
  INITIAL_DEV_STATE,
  epochEndEvaluationDue,
  updateDevSchedule,
  type DevScheduleOptions,
} from '../../lib/train/dev-schedule.js';
import type { EvaluationEvent } from '../../lib/train/observer.js';
import { Trainer } from '../../lib/train/trainer.js';
import type { TrainerOptions } from '../../lib/train/trainer-options.js';
import type { BatchLoss, DevResult, TrainingTask } from '../../lib/train/training-task.js';

/** One parameter θ, loss θ², 4 batches per epoch; evaluate() replays `devLosses` in order. */
class ScriptedTask implements TrainingTask<number> {
  readonly params = new ParamStore(1);
  private readonly theta = this.params.create('theta', [2], Float32Array.from([1, -1]));
  private next = 0;
  constructor(private readonly devLosses: readonly number[]) {}
  epochBatches(_epoch: number, _rng: Rng): number[] {
    return [0, 1, 2, 3];
  }
  batchLoss(_batch: number, _rng: Rng): BatchLoss {
    return { loss: tf.tidy(() => tf.sum(tf.square(this.theta)) as tf.Scalar), tokens: 2 };
  }
  async evaluate(): Promise<DevResult> {
    const loss = this.devLosses[this.next++];
    if (loss === undefined) throw new Error('scripted task: more evaluations than scripted dev losses');
    return { loss, tokens: 10 };
  }
  batchTokens(): number {
    return 2;
  }
}

async function runScripted(
  devLosses: number[],
  options: Partial<TrainerOptions>,
): Promise<{ events: EvaluationEvent[]; notices: string[]; result: Awaited<ReturnType<Trainer<number>['train']>> }> {
  const task = new ScriptedTask(devLosses);
  const events: EvaluationEvent[] = [];
  const notices: string[] = [];
  const trainer = new Trainer(
    task,
    { optimizer: 'sgd', learningRate: 0.1, evalEvery: 2, ...options },
    { observers: [{ onEvaluation: (e) => events.push(e), onNotice: (m) => notices.push(m) }] },
  );
  const result = await trainer.train();
  trainer.dispose();
  task.params.dispose();
  return { events, notices, result };
}

describe('dev schedule', function () {
  const options: DevScheduleOptions = { lrDecay: 0.5, minLearningRate: 0, minDelta: 0, patience: 3 };

  it('table: lr halves when the dev loss does not beat the previous evaluation; patience counts misses of the best', function () {
    // dev losses and, after each, the expected lr / best / bad count / stop
    const rows: Array<[number, number, number, number, boolean]> = [
      [5.0, 1, 5.0, 0, false], // first evaluation: new best
      [4.0, 1, 4.0, 0, false], // improved
      [4.5, 0.5, 4.0, 1, false], // rose: halve
      [4.2, 0.5, 4.0, 2, false], // beat the previous (4.5) but not the best: no halving, still a miss
      [4.2, 0.25, 4.0, 3, true], // equal to the previous: halve; third miss: stop
    ];
    let state = INITIAL_DEV_STATE(1);
    for (const [loss, lr, best, bad, stop] of rows) {
      const d = updateDevSchedule(state, loss, options);
      state = d.state;
      expect(
        [state.learningRate, state.bestDevLoss, state.badEvaluations, d.stop],
        `after dev loss ${loss}`,
      ).to.deep.equal([lr, best, bad, stop]);
    }
  });

  it('minDelta: an improvement smaller than δ counts as none', function () {
    const o = { ...options, minDelta: 0.1 };
    const first = updateDevSchedule(INITIAL_DEV_STATE(1), 3, o);
    const second = updateDevSchedule(first.state, 2.95, o);
    expect(second.improved).to.equal(false);
    expect(second.decayed).to.equal(true);
    expect(second.state.learningRate).to.equal(0.5);
    const third = updateDevSchedule(second.state, 2.8, o);
    expect(third.improved).to.equal(true);
    expect(third.state.bestDevLoss).to.equal(2.8);
  });

  it('lrDecay 1 never changes the lr; minLearningRate bounds it; patience 0 never stops; NaN is no improvement', function () {
    let s = INITIAL_DEV_STATE(0.1);
    for (const loss of [1, 2, 3, 4, 5]) s = updateDevSchedule(s, loss, { ...options, lrDecay: 1, patience: 0 }).state;
    expect(s.learningRate).to.equal(0.1);
    let t = INITIAL_DEV_STATE(0.1);
    for (const loss of [1, 2, 3, 4, 5])
      t = updateDevSchedule(t, loss, { ...options, minLearningRate: 0.02, patience: 0 }).state;
    expect(t.learningRate).to.equal(0.02);
    const n = updateDevSchedule(updateDevSchedule(INITIAL_DEV_STATE(1), 1, options).state, NaN, options);
    expect(n.improved).to.equal(false);
    expect(n.state.bestDevLoss).to.equal(1);
  });

  it('the trainer halves the optimizer lr on a rising dev loss and stops early after `patience` misses', async function () {
    // evalEvery 2 with 4 batches per epoch: evaluations at steps 2, 4 (epoch end), 6, 8, 10, …
    const { events, notices, result } = await runScripted([3, 2, 2.5, 2.4, 2.6, 2.7], { patience: 3, maxEpochs: 10 });
    expect(events.map((e) => e.step)).to.deep.equal([2, 4, 6, 8, 10]);
    expect(events.map((e) => e.learningRate)).to.deep.equal([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(events.map((e) => e.improved)).to.deep.equal([true, true, false, false, false]);
    expect(result.stopReason).to.equal('earlyStop');
    expect(result.steps).to.equal(10);
    expect(result.bestDevLoss).to.equal(2);
    expect(result.bestStep).to.equal(4);
    expect(notices.some((m) => /^lr 0\.1 → 0\.05/.test(m))).to.equal(true);
    expect(notices.some((m) => /^early stop: no dev improvement in 3 evaluations/.test(m))).to.equal(true);
  });

  it('the halved lr is the one the optimizer uses (SGD step size)', async function () {
    const task = new ScriptedTask([1, 2, 3]);
    const thetas: number[] = [];
    const trainer = new Trainer(
      task,
      { optimizer: 'sgd', learningRate: 0.1, evalEvery: 1, maxSteps: 3, clipNorm: 0, maxEpochs: 1 },
      {
        observers: [{ onStep: () => thetas.push(task.params.get('theta').dataSync()[0]!) }],
      },
    );
    await trainer.train();
    // θ ← θ − lr·2θ: 1 → 0.8 (lr 0.1) → 0.64 (lr 0.1, dev improved) → 0.576 (lr 0.05 after the rise at step 2)
    expect(thetas[0]).to.be.closeTo(0.8, 1e-6);
    expect(thetas[1]).to.be.closeTo(0.64, 1e-6);
    expect(thetas[2]).to.be.closeTo(0.576, 1e-6);
    trainer.dispose();
    task.params.dispose();
  });

  it('epoch-end evaluation: skipped when a periodic one ran fewer than evalEvery/2 steps before', function () {
    // (step, last evaluated step, evalEvery) → due
    const table: Array<[number, number | null, number, boolean]> = [
      [4, 4, 0, false],
      [4, 2, 0, true],
      [4, null, 0, true], // only at epoch ends: always, unless just evaluated
      [4, 3, 3, false],
      [8, 6, 3, true],
      [12, 12, 3, false],
      [5, null, 3, true], // 1 < 1.5 skips; 2 ≥ 1.5 runs
      [104, 100, 10, false],
      [105, 100, 10, true],
      [10, 0, 20, true],
      [9, 0, 20, false],
    ];
    for (const [step, last, every, due] of table)
      expect(epochEndEvaluationDue(step, last, every), `${step} ${last} ${every}`).to.equal(due);
  });

  it('the trainer skips an epoch-end evaluation right after a periodic one (no lr decay from it), and evaluates the end', async function () {
    // 4 batches per epoch, evalEvery 3: periodic at 3, 6, 9, 12; epoch ends at 4 (1 step after 3: skipped), 8 (runs)
    const run = await runScripted([3, 2.5, 2.4, 2.3, 2.2], { evalEvery: 3, maxEpochs: 3 });
    expect(run.events.map((e) => e.step)).to.deep.equal([3, 6, 8, 9, 12]);
    expect(run.events.map((e) => e.learningRate)).to.deep.equal([0.1, 0.1, 0.1, 0.1, 0.1]);
    // a run that ends by maxEpochs right after a skipped epoch-end evaluation still evaluates its last step
    const short = await runScripted([3, 2], { evalEvery: 3, maxEpochs: 1 });
    expect(short.events.map((e) => e.step)).to.deep.equal([3, 4]);
  });

  it('stops at maxEpochs / maxSteps / maxTime', async function () {
    expect((await runScripted([5, 4, 3, 2, 1], { maxEpochs: 2 })).result).to.include({
      stopReason: 'maxEpochs',
      steps: 8,
      epoch: 3,
    });
    expect((await runScripted([5, 4, 3], { maxSteps: 5 })).result).to.include({ stopReason: 'maxSteps', steps: 5 });
    let now = 0;
    const task = new ScriptedTask([5, 4, 3, 2, 1]);
    const trainer = new Trainer(task, { optimizer: 'sgd', evalEvery: 2, maxTime: 3 }, { clock: () => (now += 1000) }); // every reading: +1 s
    const result = await trainer.train();
    expect(result.stopReason).to.equal('maxTime');
    expect(result.elapsedSeconds).to.be.at.least(3);
    trainer.dispose();
    task.params.dispose();
  });
});
