/**
 * The trainer's resumable state, and how it travels in a checkpoint. The standard checkpoint fields carry `step`,
 * `epoch`, `rng` and `bestDevScore`; the rest lives under `meta.trainer` (plain numbers and arrays):
 *
 *   meta.trainer = { version: 1, batchIndex, epochRng, learningRate, previousDevLoss, bestDevLoss,
 *                    badEvaluations, lastEvalStep, bestStep, elapsedSeconds }
 */
import type { Checkpoint } from '../io/index.js';
import type { RngState } from '../util/random.js';
import type { DevScheduleState } from './dev-schedule.js';
import { TrainingError } from './training-error.js';

export interface TrainerState {
  /** Optimizer steps taken. */
  step: number;
  /** The epoch in progress (from 1). */
  epoch: number;
  /** Batches of `epoch` already trained. */
  batchIndex: number;
  /** Rng state from just before `epoch`'s batches were drawn; null when they have not been drawn yet. */
  epochRng: RngState | null;
  /** Rng state now (drives data order and dropout). */
  rng: RngState;
  /** Learning rate, previous / best dev loss, patience counter. */
  dev: DevScheduleState;
  /** Step of the latest dev evaluation (null before the first). */
  lastEvalStep: number | null;
  /** Step at which the best dev loss was measured. */
  bestStep: number | null;
  /** Seconds of training so far, across resumes. */
  elapsedSeconds: number;
}

const META_VERSION = 1;

/** The `meta.trainer` object for `state`. */
export function trainerStateToMeta(state: TrainerState): Record<string, unknown> {
  return {
    version: META_VERSION,
    batchIndex: state.batchIndex,
    epochRng: state.epochRng,
    learningRate: state.dev.learningRate,
    previousDevLoss: state.dev.previousDevLoss,
    bestDevLoss: state.dev.bestDevLoss,
    badEvaluations: state.dev.badEvaluations,
    lastEvalStep: state.lastEvalStep,
    bestStep: state.bestStep,
    elapsedSeconds: state.elapsedSeconds,
  };
}

/**
 * Reads the trainer state back from a loaded checkpoint.
 * @throws TrainingError E_RESUME_NO_STATE when `meta.trainer` or `rng` is missing or malformed.
 */
export function trainerStateFromCheckpoint(checkpoint: Checkpoint, source: string): TrainerState {
  const raw = checkpoint.meta['trainer'];
  const fail = (what: string): never => {
    throw new TrainingError(
      'E_RESUME_NO_STATE',
      `${source}: ${what}; resume from a last.s2s or model.s2s written by the trainer`,
      { source },
    );
  };
  if (typeof raw !== 'object' || raw === null) return fail('checkpoint has no trainer state (meta.trainer)');
  const t = raw as Record<string, unknown>;
  if (t['version'] !== META_VERSION) fail(`trainer state version ${String(t['version'])} is not ${META_VERSION}`);
  const num = (key: string): number =>
    typeof t[key] === 'number' ? (t[key] as number) : fail(`meta.trainer.${key} is not a number`);
  const numOrNull = (key: string): number | null => (t[key] === null || t[key] === undefined ? null : num(key));
  const rngState = (value: unknown, what: string): RngState =>
    Array.isArray(value) && value.length === 4 && value.every((x) => Number.isInteger(x))
      ? (value as RngState)
      : fail(`${what} is not 4 integers`);
  if (!checkpoint.rng) fail('checkpoint has no rng state');
  return {
    step: checkpoint.step,
    epoch: checkpoint.epoch,
    batchIndex: num('batchIndex'),
    epochRng:
      t['epochRng'] === null || t['epochRng'] === undefined ? null : rngState(t['epochRng'], 'meta.trainer.epochRng'),
    rng: rngState(checkpoint.rng, 'rng'),
    dev: {
      learningRate: num('learningRate'),
      previousDevLoss: numOrNull('previousDevLoss'),
      bestDevLoss: numOrNull('bestDevLoss'),
      badEvaluations: num('badEvaluations'),
    },
    lastEvalStep: numOrNull('lastEvalStep'),
    bestStep: numOrNull('bestStep'),
    elapsedSeconds: num('elapsedSeconds'),
  };
}
