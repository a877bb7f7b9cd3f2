/**
 * The training loop, written once against `TrainingTask`: optimizer steps (train-step.ts), dev evaluations that decay
 * the learning rate and stop early (dev-schedule.ts), the epoch's batches and the limits on epochs / steps / time
 * (epoch-plan.ts), checkpoints (trainer-checkpoint.ts), progress events (observer.ts, built in trainer-events.ts).
 *
 * Schedule per step: step → dev evaluation every `evalEvery` steps → `last.s2s` every `checkpointEvery` steps →
 * limits. At each epoch end: dev evaluation (unless one ran within `evalEvery`/2 steps: `epochEndEvaluationDue`) →
 * `last.s2s`. On stopping, a final evaluation runs when the last step was not evaluated, then `last.s2s` is written
 * (and kept as `step-N.s2s` with `keepCheckpoints`). An evaluation with a new best dev loss writes `model.s2s`.
 *
 * Resuming: `resume(path)` on a fresh trainer over a freshly built task (same data, same options) restores all of it;
 * the run then continues exactly as the uninterrupted run would have, loss for loss, when the checkpoint was written
 * during the run (every N steps, at an epoch end). A run stopped by a limit may have had one extra final
 * evaluation, which can decay the learning rate. A task that carries state between batches (truncated BPTT) starts
 * again from `startEpoch` on resume, so its first resumed batch sees a reset state.
 *
 * @example
 * const trainer = new Trainer(new Seq2SeqTask(model, train, dev, taskOptions), { outDir: 'runs/x', maxEpochs: 5 });
 * const result = await trainer.train(); // writes runs/x/model.s2s (best dev loss) and runs/x/last.s2s
 */
import { mkdir } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs-core';
import { saveCheckpoint, type Checkpoint } from '../io/index.js';
import { Rng } from '../util/random.js';
import { INITIAL_DEV_STATE, epochEndEvaluationDue, updateDevSchedule } from './dev-schedule.js';
import type { StopReason, TrainingObserver, TrainingResult } from './observer.js';
import { decayNotice, earlyStopNotice, evaluationEvent, stepEvent } from './trainer-events.js';
import { createOptimizer, withLearningRate, type OptimizerConfig } from './optimizers.js';
import { resolveTrainerOptions, type TrainerOptions } from './trainer-options.js';
import type { TrainerState } from './trainer-state.js';
import type { TrainingTask } from './training-task.js';
import { drawEpochPlan, limitReached } from './epoch-plan.js';
import { trainStep } from './train-step.js';
import {
  BEST_CHECKPOINT_FILE,
  LAST_CHECKPOINT_FILE,
  buildRunCheckpoint,
  resumeRun,
  writeRunCheckpoint,
  type CheckpointContent,
} from './trainer-checkpoint.js';

export { BEST_CHECKPOINT_FILE, LAST_CHECKPOINT_FILE, type CheckpointContent };

export interface TrainerHooks {
  /** Progress bars, log lines, test probes. */
  observers?: readonly TrainingObserver[];
  /** Milliseconds from an arbitrary origin (default `performance.now`); for `maxTime` and elapsed time. */
  clock?: () => number;
  /** Called for every checkpoint written. Default: empty config, no tokenizers. */
  checkpointContent?: () => CheckpointContent;
}

export class Trainer<Batch> {
  readonly options: TrainerOptions;
  private readonly task: TrainingTask<Batch>;
  private readonly observers: readonly TrainingObserver[];
  private readonly clock: () => number;
  private readonly content: () => CheckpointContent;
  /** Optimizer name and hyperparameters (the learning rate lives in `st.dev`). */
  private optimizerConfig: OptimizerConfig;
  private optimizer: tf.Optimizer;
  /** Drives data order and dropout; its state is checkpointed. */
  private rng: Rng;
  /** Resumable state. */
  private st: TrainerState;
  /** The current epoch's batches, once drawn. */
  private plan: Batch[] | null = null;
  /** `clock()` when the current `train()` call started, and the elapsed seconds before it. */
  private session = { start: 0, before: 0, running: false };

  constructor(task: TrainingTask<Batch>, options: Partial<TrainerOptions> = {}, hooks: TrainerHooks = {}) {
    this.options = resolveTrainerOptions(options);
    this.task = task;
    this.observers = hooks.observers ?? [];
    this.clock = hooks.clock ?? (() => performance.now());
    this.content = hooks.checkpointContent ?? (() => ({ config: {} }));
    const o = this.options;
    this.optimizerConfig = {
      name: o.optimizer,
      learningRate: o.learningRate,
      rmspropDecay: o.rmspropDecay,
      adamBeta1: o.adamBeta1,
      adamBeta2: o.adamBeta2,
      epsilon: o.epsilon,
    };
    this.optimizer = createOptimizer(this.optimizerConfig);
    this.rng = new Rng(o.seed);
    this.st = {
      step: 0,
      epoch: 1,
      batchIndex: 0,
      epochRng: null,
      rng: this.rng.state(),
      dev: INITIAL_DEV_STATE(o.learningRate),
      lastEvalStep: null,
      bestStep: null,
      elapsedSeconds: 0,
    };
  }

  /** A snapshot of the resumable state. */
  get state(): Readonly<TrainerState> {
    return { ...this.st, rng: this.rng.state(), elapsedSeconds: this.elapsedSeconds() };
  }

  /** The learning rate the next step uses. */
  get learningRate(): number {
    return this.st.dev.learningRate;
  }

  /** Trains until a limit or early stopping; can be called again after raising a limit. */
  async train(): Promise<TrainingResult> {
    const o = this.options;
    if (o.outDir !== null) await mkdir(o.outDir, { recursive: true });
    this.session = { start: this.clock(), before: this.st.elapsedSeconds, running: true };
    let stop: StopReason | null;
    let bestWritten = false;
    try {
      for (;;) {
        stop = this.limitReached();
        if (stop) break;
        const batches = this.epochPlan();
        while (this.st.batchIndex < batches.length) {
          stop = this.limitReached();
          if (stop) break;
          this.runStep(batches[this.st.batchIndex]!, batches.length);
          if (o.evalEvery > 0 && this.st.step % o.evalEvery === 0) {
            const r = await this.evaluate();
            bestWritten ||= r.improved;
            if (r.stop) stop = 'earlyStop';
          }
          if (o.checkpointEvery > 0 && this.st.step % o.checkpointEvery === 0)
            await this.writeCheckpoint(LAST_CHECKPOINT_FILE);
          if (stop) break;
        }
        if (stop) break;
        // Epoch end.
        if (epochEndEvaluationDue(this.st.step, this.st.lastEvalStep, o.evalEvery)) {
          const r = await this.evaluate();
          bestWritten ||= r.improved;
          if (r.stop) stop = 'earlyStop';
        }
        this.st.epoch += 1;
        this.st.batchIndex = 0;
        this.st.epochRng = null;
        this.plan = null;
        await this.writeCheckpoint(LAST_CHECKPOINT_FILE);
        if (stop) break;
      }
      if (stop !== 'earlyStop' && this.st.step > 0 && this.st.lastEvalStep !== this.st.step) {
        const r = await this.evaluate(); // not `bestWritten ||= …`: that would skip it after any improvement
        bestWritten ||= r.improved;
      }
      await this.writeCheckpoint(LAST_CHECKPOINT_FILE);
      // A run without any improving evaluation (e.g. NaN dev loss) still leaves a model to translate with.
      if (!bestWritten && this.st.dev.bestDevLoss === null) await this.writeCheckpoint(BEST_CHECKPOINT_FILE);
    } finally {
      this.st.elapsedSeconds = this.elapsedSeconds();
      this.session.running = false;
    }
    const result: TrainingResult = {
      stopReason: stop,
      steps: this.st.step,
      epoch: this.st.epoch,
      bestDevLoss: this.st.dev.bestDevLoss,
      bestStep: this.st.bestStep,
      learningRate: this.st.dev.learningRate,
      elapsedSeconds: this.st.elapsedSeconds,
    };
    for (const ob of this.observers) ob.onEnd?.(result);
    return result;
  }

  /**
   * Restores weights, optimizer (name, hyperparameters, slots, learning rate), step, epoch, position in the epoch,
   * Rng state, best dev loss and patience counter from a checkpoint written by a trainer. The checkpoint's optimizer
   * settings win over this trainer's options; limits and intervals come from the options.
   * @throws CheckpointError (missing / corrupt / wrong kind), TrainingError E_RESUME_MISMATCH / E_RESUME_NO_STATE
   */
  async resume(path: string): Promise<void> {
    const resumed = await resumeRun(path, this.options.kind, this.task.params, this.optimizerConfig);
    this.optimizer.dispose();
    this.optimizer = resumed.optimizer;
    this.optimizerConfig = resumed.optimizerConfig;
    this.st = resumed.state;
    this.rng = new Rng(resumed.state.rng);
    this.plan = null;
    this.notice(
      `resumed from ${path} at step ${resumed.state.step}, epoch ${resumed.state.epoch}, batch ${resumed.state.batchIndex}`,
    );
  }

  /** The complete checkpoint for the current state (weights copied out of the tensors). */
  async buildCheckpoint(): Promise<Checkpoint<object>> {
    return buildRunCheckpoint(
      this.options.kind,
      this.task.params,
      this.optimizer,
      this.optimizerConfig,
      this.state,
      this.content(),
    );
  }

  /** Writes `buildCheckpoint()` to `path` atomically. */
  async saveCheckpoint(path: string): Promise<void> {
    await saveCheckpoint(path, await this.buildCheckpoint());
  }

  /** Disposes the optimizer's slots (the task's parameters belong to the task). */
  dispose(): void {
    this.optimizer.dispose();
  }

  private elapsedSeconds(): number {
    return this.session.running
      ? this.session.before + (this.clock() - this.session.start) / 1000
      : this.st.elapsedSeconds;
  }

  private limitReached(): StopReason | null {
    return limitReached(this.st, this.options, this.elapsedSeconds());
  }

  /** The current epoch's batches, drawn on first use (epoch-plan.ts). */
  private epochPlan(): Batch[] {
    this.plan ??= drawEpochPlan(this.task, this.st, this.rng);
    return this.plan;
  }

  /** One optimizer step on `batch` (formula in the file comment); emits a StepEvent. */
  private runStep(batch: Batch, batchesInEpoch: number): void {
    const { loss, gradNorm, tokens, peakBytes } = trainStep(
      this.task,
      batch,
      this.rng,
      this.optimizer,
      this.options.clipNorm,
      this.st.step + 1,
    );
    this.task.afterStep?.();
    this.st.step += 1;
    this.st.batchIndex += 1;
    const event = stepEvent(this.st, { loss, gradNorm, tokens, peakBytes }, this.options, batchesInEpoch);
    for (const ob of this.observers) ob.onStep?.(event);
  }

  /** Dev evaluation and its consequences: lr decay, best checkpoint, patience. */
  private async evaluate(): Promise<{ improved: boolean; stop: boolean }> {
    const dev = await this.task.evaluate();
    if (dev.tokens === 0) {
      // No dev data: nothing to schedule on; model.s2s is written from the last weights when training ends.
      this.st.lastEvalStep = this.st.step;
      return { improved: false, stop: false };
    }
    const decision = updateDevSchedule(this.st.dev, dev.loss, this.options);
    const previousRate = this.st.dev.learningRate;
    this.st.dev = decision.state;
    this.st.lastEvalStep = this.st.step;
    if (decision.decayed) {
      this.optimizer = await withLearningRate(this.optimizer, this.optimizerConfig, decision.state.learningRate);
      this.notice(decayNotice(previousRate, decision.state.learningRate, dev.loss));
    }
    if (decision.improved) {
      this.st.bestStep = this.st.step;
      await this.writeCheckpoint(BEST_CHECKPOINT_FILE);
    }
    const event = evaluationEvent(this.st, dev, decision);
    for (const ob of this.observers) ob.onEvaluation?.(event);
    if (decision.stop) this.notice(earlyStopNotice(decision.state, this.st.bestStep));
    return { improved: decision.improved, stop: decision.stop };
  }

  private async writeCheckpoint(file: string): Promise<void> {
    if (this.options.outDir === null) return;
    await writeRunCheckpoint(this.options.outDir, file, await this.buildCheckpoint(), this.options.keepCheckpoints);
  }

  private notice(message: string): void {
    for (const ob of this.observers) ob.onNotice?.(message);
  }
}
