/**
 * Checkpoints of a training run: what they hold, where they go, and resuming from one.
 *
 * Files in the run's `outDir`: `model.s2s` (`BEST_CHECKPOINT_FILE`) holds the weights with the best dev loss so far
 * (what `translate` loads); `last.s2s` (`LAST_CHECKPOINT_FILE`) holds the latest state (what resuming loads). Both
 * are complete checkpoints: weights by `ParamStore` name, optimizer slots, step, epoch, position in the epoch, Rng
 * states, learning rate, best dev loss, patience counter (trainer-state.ts), plus the caller's config, tokenizers
 * and meta. `writeRunCheckpoint` is the one place a training run writes a file.
 */
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import {
  loadCheckpoint,
  saveCheckpoint,
  type Checkpoint,
  type CheckpointKind,
  type StoredTokenizer,
} from '../io/index.js';
import type { ParamStore } from '../nn/params.js';
import { assignWeights, storeToWeights } from '../nn/param-weights.js';
import {
  OPTIMIZER_NAMES,
  createOptimizer,
  optimizerState,
  restoreOptimizerState,
  type OptimizerConfig,
  type OptimizerName,
} from './optimizers.js';
import { trainerStateFromCheckpoint, trainerStateToMeta, type TrainerState } from './trainer-state.js';
import { TrainingError } from './training-error.js';
import { keepCheckpointCopy } from './keep-checkpoints.js';

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

/** The complete checkpoint of a run's current state (weights copied out of the tensors). */
export async function buildRunCheckpoint(
  kind: CheckpointKind,
  params: ParamStore,
  optimizer: tf.Optimizer,
  optimizerConfig: OptimizerConfig,
  state: TrainerState,
  content: CheckpointContent,
): Promise<Checkpoint<object>> {
  return {
    kind,
    config: content.config,
    tokenizers: content.tokenizers ?? {},
    weights: storeToWeights(params),
    optimizer: await optimizerState(optimizer, { ...optimizerConfig, learningRate: state.dev.learningRate }, params),
    step: state.step,
    epoch: state.epoch,
    rng: state.rng,
    bestDevScore: state.dev.bestDevLoss,
    meta: { ...content.meta, trainer: trainerStateToMeta(state) },
  };
}

/** Writes a run's checkpoint as `outDir/file`, atomically; with `keep` > 0, `last.s2s` is also kept as `step-N.s2s` (keep-checkpoints.ts). */
export async function writeRunCheckpoint(
  outDir: string,
  file: string,
  checkpoint: Checkpoint<object>,
  keep = 0,
): Promise<void> {
  await saveCheckpoint(join(outDir, file), checkpoint);
  if (file === LAST_CHECKPOINT_FILE) await keepCheckpointCopy(outDir, join(outDir, file), checkpoint.step, keep);
}

/** What resuming restores besides the weights. */
export interface ResumedRun {
  state: TrainerState;
  optimizer: tf.Optimizer;
  optimizerConfig: OptimizerConfig;
}

/**
 * Reads a run's checkpoint: assigns the weights to `params` and rebuilds the optimizer (name, hyperparameters, slots,
 * learning rate). The checkpoint's optimizer settings win over `fallback`, which fills fields it lacks.
 * @throws CheckpointError (missing / corrupt / wrong kind), TrainingError E_RESUME_MISMATCH / E_RESUME_NO_STATE
 */
export async function resumeRun(
  path: string,
  kind: CheckpointKind,
  params: ParamStore,
  fallback: OptimizerConfig,
): Promise<ResumedRun> {
  const checkpoint = await loadCheckpoint(path, { expectKind: kind });
  const state = trainerStateFromCheckpoint(checkpoint, path);
  if (!checkpoint.optimizer)
    throw new TrainingError(
      'E_RESUME_NO_STATE',
      `${path}: checkpoint has no optimizer state; resume from a last.s2s or model.s2s written by the trainer`,
      { path },
    );
  assignWeights(
    params,
    checkpoint.weights,
    path,
    ({ message, details }) =>
      new TrainingError('E_RESUME_MISMATCH', `${message}; the checkpoint is for a different model config`, details),
  );
  const optimizerConfig = optimizerConfigFrom(
    checkpoint.optimizer.name,
    checkpoint.optimizer.hyperparameters,
    fallback,
    path,
  );
  const optimizer = createOptimizer({ ...optimizerConfig, learningRate: state.dev.learningRate });
  try {
    await restoreOptimizerState(optimizer, checkpoint.optimizer.state, params);
  } catch (err) {
    optimizer.dispose();
    throw err;
  }
  return { state, optimizer, optimizerConfig };
}

/** The optimizer settings stored in a checkpoint, over `fallback` for fields it lacks. */
function optimizerConfigFrom(
  name: string,
  hyper: Record<string, unknown>,
  fallback: OptimizerConfig,
  source: string,
): OptimizerConfig {
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(name)) {
    throw new TrainingError(
      'E_RESUME_MISMATCH',
      `${source}: optimizer '${name}' is not one of ${OPTIMIZER_NAMES.join(', ')}`,
      { optimizer: name },
    );
  }
  const num = (key: keyof OptimizerConfig, def: number): number =>
    typeof hyper[key] === 'number' ? (hyper[key] as number) : def;
  return {
    name: name as OptimizerName,
    learningRate: num('learningRate', fallback.learningRate),
    rmspropDecay: num('rmspropDecay', fallback.rmspropDecay),
    adamBeta1: num('adamBeta1', fallback.adamBeta1),
    adamBeta2: num('adamBeta2', fallback.adamBeta2),
    epsilon: typeof hyper['epsilon'] === 'number' ? hyper['epsilon'] : null,
  };
}
