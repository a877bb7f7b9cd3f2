/**
 * The training loop, written once against `TrainingTask`: optimizer steps with clipped gradients, dev evaluations
 * that decay the learning rate and stop early, limits on epochs / steps / time, checkpoints, progress events.
 *
 * One step:  (L, ∂L/∂θ) = tf.variableGrads(() => task.batchLoss(batch, rng).loss)
 *            g ← g · min(1, c/‖g‖₂)            (clipByGlobalNorm)
 *            optimizer.applyGradients(g)
 * Every tensor of the step is disposed: `tf.memory().numTensors` is the same after every step.
 *
 * Schedule per step: step → dev evaluation every `evalEvery` steps → `last.s2s` every `checkpointEvery` steps →
 * limits. At each epoch end: dev evaluation (unless one just ran) → `last.s2s`. On stopping by `maxSteps` / `maxTime`
 * a final evaluation runs when the last step was not evaluated, then `last.s2s` is written.
 *
 * Files in `outDir` (see `BEST_CHECKPOINT_FILE`, `LAST_CHECKPOINT_FILE`): `model.s2s` holds the weights with the best
 * dev loss so far (what `s2s translate --model DIR/model.s2s` loads); `last.s2s` holds the latest state (what
 * `--resume` loads). Both are complete checkpoints: weights by `ParamStore` name, optimizer slots, step, epoch,
 * position in the epoch, Rng states, learning rate, best dev loss, patience counter, plus the caller's config,
 * tokenizers and meta.
 *
 * Resuming: `resume(path)` on a fresh trainer over a freshly built task (same data, same options) restores all of it;
 * the run then continues exactly as the uninterrupted run would have, loss for loss, when the checkpoint was written
 * during the run (every N steps, at an epoch end). A run stopped by `maxSteps`/`maxTime` may have had one extra final
 * evaluation, which can decay the learning rate. A task that carries state between batches (truncated BPTT) starts
 * again from `startEpoch` on resume, so its first resumed batch sees a reset state.
 *
 * Memory: the step's peak is about weights + optimizer slots (2× weights for Adam/RMSprop) + the activations the tape
 * keeps for the backward pass + one set of gradients. `StepEvent.peakBytes` measures `tf.memory().numBytes` at the end
 * of the forward pass and the log lines print it, so the batch size that fits a backend can be read off a short run.
 * On wasm all tensors live in one WebAssembly heap of about 2 GiB; a step that outgrows it fails with "memory access
 * out of bounds", reported here as TrainingError E_TRAIN_MEMORY. Measured with the spec toy task (embedding +
 * softmax output, V = 8000, E = 256, 4.1 M parameters, Adam; the output layer dominates as in the real models): after
 * a step 66–82 MB (weights + slots), forward peak 190 MB at 510 target tokens, 559 MB at 1 779 tokens, i.e.
 * ≈ 0.27 MB per target token ≈ 8 float copies of the [N, V] logits (the backward pass needs about as much again);
 * a 4 208-token batch overflowed the heap. Rule of thumb for wasm: target tokens per batch × V ≤ ~2.4e7
 * (≈ 3 000 tokens at V = 8 000, 750 at V = 32 000);
 * recurrent activations add [B, T, H]-sized tensors per layer and step. Measure a real config with a short run: the
 * log lines print `mem` = the peak forward-pass bytes.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadCheckpoint, saveCheckpoint, tensorsToStored, type Checkpoint, type StoredTensor, type StoredTokenizer } from '../io/index.js';
import type { ParamStore } from '../nn/params.js';
import { Rng } from '../util/random.js';
import { clipByGlobalNorm } from './clip.js';
import { INITIAL_DEV_STATE, updateDevSchedule } from './dev-schedule.js';
import type { EvaluationEvent, StepEvent, StopReason, TrainingObserver, TrainingResult } from './observer.js';
import { OPTIMIZER_NAMES, createOptimizer, optimizerState, restoreOptimizerState, withLearningRate, type OptimizerConfig, type OptimizerName } from './optimizers.js';
import { resolveTrainerOptions, type TrainerOptions } from './trainer-options.js';
import { trainerStateFromCheckpoint, trainerStateToMeta, type TrainerState } from './trainer-state.js';
import type { TrainingTask } from './training-task.js';
import { TrainingError } from './training-error.js';

/** Best-by-dev-loss checkpoint in `outDir`: the model to translate with. */
export const BEST_CHECKPOINT_FILE = 'model.s2s';
/** Latest-state checkpoint in `outDir`: the file to resume from. */
export const LAST_CHECKPOINT_FILE = 'last.s2s';

/** What the caller adds to every checkpoint (plain data). */
export interface CheckpointContent {
  /** The model config, to rebuild the model. */
  config: object;
  /** Tokenizer models by role (`source`, `target`, …). */
  tokenizers?: Record<string, StoredTokenizer>;
  /** Free-form; the trainer adds `meta.trainer` (its state, see trainer-state.ts). */
  meta?: Record<string, unknown>;
}

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
    this.optimizerConfig = { name: o.optimizer, learningRate: o.learningRate, rmspropDecay: o.rmspropDecay, adamBeta1: o.adamBeta1, adamBeta2: o.adamBeta2, epsilon: o.epsilon };
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
    let stop: StopReason | null = null;
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
          if (o.checkpointEvery > 0 && this.st.step % o.checkpointEvery === 0) await this.writeCheckpoint(LAST_CHECKPOINT_FILE);
          if (stop) break;
        }
        if (stop) break;
        // Epoch end.
        if (this.st.lastEvalStep !== this.st.step) {
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
      if ((stop === 'maxSteps' || stop === 'maxTime') && this.st.step > 0 && this.st.lastEvalStep !== this.st.step) {
        bestWritten ||= (await this.evaluate()).improved;
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
    const checkpoint = await loadCheckpoint(path, { expectKind: this.options.kind });
    const state = trainerStateFromCheckpoint(checkpoint, path);
    if (!checkpoint.optimizer) throw new TrainingError('E_RESUME_NO_STATE', `${path}: checkpoint has no optimizer state; resume from a last.s2s or model.s2s written by the trainer`, { path });
    restoreWeights(this.task.params, checkpoint.weights, path);
    const config = optimizerConfigFrom(checkpoint.optimizer.name, checkpoint.optimizer.hyperparameters, this.optimizerConfig, path);
    const optimizer = createOptimizer({ ...config, learningRate: state.dev.learningRate });
    try {
      await restoreOptimizerState(optimizer, checkpoint.optimizer.state, this.task.params);
    } catch (err) {
      optimizer.dispose();
      throw err;
    }
    this.optimizer.dispose();
    this.optimizer = optimizer;
    this.optimizerConfig = config;
    this.st = state;
    this.rng = new Rng(state.rng);
    this.plan = null;
    this.notice(`resumed from ${path} at step ${state.step}, epoch ${state.epoch}, batch ${state.batchIndex}`);
  }

  /** The complete checkpoint for the current state (weights copied out of the tensors). */
  async buildCheckpoint(): Promise<Checkpoint<object>> {
    const content = this.content();
    const weights: tf.NamedTensorMap = {};
    for (const [name, v] of this.task.params.variables) weights[name] = v;
    const state = this.state;
    return {
      kind: this.options.kind,
      config: content.config,
      tokenizers: content.tokenizers ?? {},
      weights: tensorsToStored(weights),
      optimizer: await optimizerState(this.optimizer, { ...this.optimizerConfig, learningRate: state.dev.learningRate }, this.task.params),
      step: state.step,
      epoch: state.epoch,
      rng: state.rng,
      bestDevScore: state.dev.bestDevLoss,
      meta: { ...content.meta, trainer: trainerStateToMeta(state) },
    };
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
    return this.session.running ? this.session.before + (this.clock() - this.session.start) / 1000 : this.st.elapsedSeconds;
  }

  private limitReached(): StopReason | null {
    if (this.st.epoch > this.options.maxEpochs) return 'maxEpochs';
    if (this.st.step >= this.options.maxSteps) return 'maxSteps';
    if (this.elapsedSeconds() >= this.options.maxTime) return 'maxTime';
    return null;
  }

  /** The current epoch's batches; draws them (and calls `startEpoch`) on first use, or re-draws them after a resume. */
  private epochPlan(): Batch[] {
    if (this.plan) return this.plan;
    const { epoch } = this.st;
    let batches: Batch[];
    if (this.st.epochRng === null) {
      this.st.epochRng = this.rng.state();
      batches = this.task.epochBatches(epoch, this.rng);
    } else {
      // Resumed mid-epoch: replay the draw from the saved state; the run's Rng is already past it.
      batches = this.task.epochBatches(epoch, new Rng(this.st.epochRng));
    }
    if (batches.length === 0) throw new TrainingError('E_TRAIN_EMPTY_EPOCH', `epoch ${epoch}: the task produced no batches; check the training data and the batching options`, { epoch });
    if (this.st.batchIndex > batches.length) {
      throw new TrainingError('E_RESUME_MISMATCH', `epoch ${epoch} has ${batches.length} batches but the checkpoint is at batch ${this.st.batchIndex}: resume with the same data and batching options`, { epoch });
    }
    this.task.startEpoch?.(epoch);
    this.plan = batches;
    return batches;
  }

  /** One optimizer step on `batch` (formula in the file comment); emits a StepEvent. */
  private runStep(batch: Batch, batchesInEpoch: number): void {
    const variables = [...this.task.params.variables.values()];
    let tokens = 0;
    let peakBytes = 0;
    let result: { value: tf.Scalar; grads: tf.NamedTensorMap };
    try {
      result = tf.variableGrads(() => {
        const out = this.task.batchLoss(batch, this.rng);
        tokens = out.tokens;
        peakBytes = tf.memory().numBytes;
        return out.loss;
      }, variables);
    } catch (err) {
      if (!isOutOfMemory(err)) throw err;
      const batchTokens = this.task.batchTokens(batch);
      throw new TrainingError('E_TRAIN_MEMORY', `step ${this.st.step + 1}: a batch of ${batchTokens} target tokens does not fit the ${tf.getBackend()} backend's memory (${String((err as Error).message)}); lower the batch token budget (maxTokens)`, { step: this.st.step + 1, tokens: batchTokens, backend: tf.getBackend() });
    }
    const { value, grads } = result;
    // Every parameter, in ParamStore order: tfjs matches optimizer slots by position (see optimizers.ts).
    const complete: tf.NamedTensorMap = {};
    for (const v of variables) complete[v.name] = grads[v.name] ?? tf.zerosLike(v);
    let loss: number;
    let gradNorm: number;
    try {
      loss = value.dataSync()[0]!;
      if (!Number.isFinite(loss)) {
        throw new TrainingError('E_TRAIN_NONFINITE', `step ${this.st.step + 1}: training loss is ${loss}; lower the learning rate or set clipNorm`, { step: this.st.step + 1, loss });
      }
      const clipped = clipByGlobalNorm(complete, this.options.clipNorm);
      try {
        this.optimizer.applyGradients(clipped.grads);
        gradNorm = clipped.globalNorm.dataSync()[0]!;
      } finally {
        tf.dispose([clipped.globalNorm, clipped.grads]);
      }
    } finally {
      tf.dispose([value, complete]);
    }
    this.task.afterStep?.();
    this.st.step += 1;
    this.st.batchIndex += 1;
    const memory = tf.memory();
    const o = this.options;
    const planned = Math.min(o.maxSteps, o.maxEpochs * batchesInEpoch);
    const event: StepEvent = {
      step: this.st.step,
      epoch: this.st.epoch,
      batchIndex: this.st.batchIndex,
      batchesInEpoch,
      loss,
      tokens: tokens || this.task.batchTokens(batch),
      gradNorm,
      learningRate: this.st.dev.learningRate,
      numBytes: memory.numBytes,
      peakBytes,
      numTensors: memory.numTensors,
      plannedSteps: Number.isFinite(planned) ? planned : null,
    };
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
      this.notice(`lr ${formatRate(previousRate)} → ${formatRate(decision.state.learningRate)} (dev loss ${dev.loss.toFixed(4)} did not improve on the previous evaluation)`);
    }
    if (decision.improved) {
      this.st.bestStep = this.st.step;
      await this.writeCheckpoint(BEST_CHECKPOINT_FILE);
    }
    const event: EvaluationEvent = {
      step: this.st.step,
      epoch: this.st.epoch,
      dev,
      bestDevLoss: decision.state.bestDevLoss,
      improved: decision.improved,
      learningRate: decision.state.learningRate,
      decayed: decision.decayed,
      badEvaluations: decision.state.badEvaluations,
    };
    for (const ob of this.observers) ob.onEvaluation?.(event);
    if (decision.stop) this.notice(`early stop: no dev improvement in ${decision.state.badEvaluations} evaluations (best ${decision.state.bestDevLoss?.toFixed(4) ?? 'none'} at step ${this.st.bestStep ?? '-'})`);
    return { improved: decision.improved, stop: decision.stop };
  }

  private async writeCheckpoint(file: string): Promise<void> {
    if (this.options.outDir === null) return;
    await this.saveCheckpoint(join(this.options.outDir, file));
  }

  private notice(message: string): void {
    for (const ob of this.observers) ob.onNotice?.(message);
  }
}

/** The wasm heap's overflow ("memory access out of bounds") or an allocator's out-of-memory error. */
function isOutOfMemory(err: unknown): boolean {
  return err instanceof Error && /memory access out of bounds|out of memory|Cannot enlarge memory|failed to allocate/i.test(err.message);
}

function formatRate(lr: number): string {
  return String(Number(lr.toPrecision(3)));
}

/** Copies stored weights into the task's variables, by name. @throws TrainingError E_RESUME_MISMATCH */
function restoreWeights(params: ParamStore, weights: readonly StoredTensor[], source: string): void {
  const stored = new Map(weights.map((w) => [w.name, w] as const));
  for (const [name, v] of params.variables) {
    const w = stored.get(name);
    if (!w) throw new TrainingError('E_RESUME_MISMATCH', `${source}: no weights for parameter '${name}'; the checkpoint is for a different model config`, { parameter: name });
    if (w.shape.join(',') !== v.shape.join(',')) {
      throw new TrainingError('E_RESUME_MISMATCH', `${source}: weights '${name}' have shape [${w.shape.join(', ')}], the model needs [${v.shape.join(', ')}]`, { parameter: name });
    }
    stored.delete(name);
  }
  if (stored.size > 0) {
    throw new TrainingError('E_RESUME_MISMATCH', `${source}: weights [${[...stored.keys()].join(', ')}] belong to no parameter of this model`, { extra: [...stored.keys()] });
  }
  for (const w of weights) {
    const t = tf.tensor(w.data, w.shape, w.dtype);
    params.get(w.name).assign(t);
    t.dispose();
  }
}

/** The optimizer settings stored in a checkpoint, over `fallback` for fields it lacks. */
function optimizerConfigFrom(name: string, hyper: Record<string, unknown>, fallback: OptimizerConfig, source: string): OptimizerConfig {
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(name)) {
    throw new TrainingError('E_RESUME_MISMATCH', `${source}: optimizer '${name}' is not one of ${OPTIMIZER_NAMES.join(', ')}`, { optimizer: name });
  }
  const num = (key: keyof OptimizerConfig, def: number): number => (typeof hyper[key] === 'number' ? (hyper[key] as number) : def);
  return {
    name: name as OptimizerName,
    learningRate: num('learningRate', fallback.learningRate),
    rmspropDecay: num('rmspropDecay', fallback.rmspropDecay),
    adamBeta1: num('adamBeta1', fallback.adamBeta1),
    adamBeta2: num('adamBeta2', fallback.adamBeta2),
    epsilon: typeof hyper['epsilon'] === 'number' ? hyper['epsilon'] : null,
  };
}
