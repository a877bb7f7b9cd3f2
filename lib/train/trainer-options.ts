/** The trainer's options: one commented line per field, defaults in `TRAINER_DEFAULTS`. */
import type { CheckpointKind } from '../io/index.js';
import { OPTIMIZER_NAMES, type OptimizerName } from './optimizer-names.js';
import { TrainingError } from './training-error.js';

export interface TrainerOptions {
  /** Model kind written into checkpoints (and expected when resuming). */
  kind: CheckpointKind;
  /** `sgd`, `rmsprop` or `adam` (tf.train). */
  optimizer: OptimizerName;
  /** Initial learning rate. */
  learningRate: number;
  /** RMSprop's ρ in cache = ρ·cache + (1−ρ)·g². */
  rmspropDecay: number;
  /** Adam's β₁. */
  adamBeta1: number;
  /** Adam's β₂. */
  adamBeta2: number;
  /** ε for RMSprop and Adam; null = the backend's (1e-7 on cpu/wasm). */
  epsilon: number | null;
  /** Cap c on the global gradient norm, g ← g · min(1, c/‖g‖₂); 0 = no clipping. */
  clipNorm: number;
  /** Learning rate × this when the dev loss does not beat the previous evaluation by `minDelta`; 1 = never. */
  lrDecay: number;
  /** The decayed learning rate never goes below this. */
  minLearningRate: number;
  /** Dev-loss improvement (nats) that counts as one, for lr decay and early stopping. */
  minDelta: number;
  /** Stop after this many evaluations in a row without a new best dev loss; 0 = never stop early. */
  patience: number;
  /** Evaluate on dev every this many steps (and always at the end of each epoch); 0 = only at epoch ends. */
  evalEvery: number;
  /** Write `last.s2s` every this many steps (and at each epoch end and when training stops); 0 = not by steps. */
  checkpointEvery: number;
  /** Stop after this many epochs (counted from 1). */
  maxEpochs: number;
  /** Stop after this many optimizer steps in total (across resumes). */
  maxSteps: number;
  /** Stop after this many seconds of training in total (across resumes; dev evaluations included). */
  maxTime: number;
  /** Seed of the run's Rng (data order and dropout). */
  seed: number;
  /** Directory for `model.s2s` (best dev loss) and `last.s2s` (for resuming); null = write no files. */
  outDir: string | null;
}

export const TRAINER_DEFAULTS: TrainerOptions = {
  kind: 'seq2seq',
  optimizer: 'adam',
  learningRate: 1e-3,
  rmspropDecay: 0.9,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  epsilon: null,
  clipNorm: 5,
  lrDecay: 0.5,
  minLearningRate: 0,
  minDelta: 0,
  patience: 0,
  evalEvery: 0,
  checkpointEvery: 0,
  maxEpochs: 10,
  maxSteps: Infinity,
  maxTime: Infinity,
  seed: 1,
  outDir: null,
};

/** Defaults filled in and ranges checked. @throws TrainingError E_TRAIN_OPTION */
export function resolveTrainerOptions(options: Partial<TrainerOptions>): TrainerOptions {
  const o: TrainerOptions = { ...TRAINER_DEFAULTS };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) Object.assign(o, { [key]: value });
  const bad = (field: string, expected: string, value: unknown): never => {
    throw new TrainingError('E_TRAIN_OPTION', `trainer option ${field} must be ${expected}, got ${String(value)}`, { [field]: value });
  };
  if (!OPTIMIZER_NAMES.includes(o.optimizer)) bad('optimizer', OPTIMIZER_NAMES.join(' | '), o.optimizer);
  if (!(o.learningRate > 0)) bad('learningRate', '> 0', o.learningRate);
  if (!(o.lrDecay > 0 && o.lrDecay <= 1)) bad('lrDecay', 'in (0, 1]', o.lrDecay);
  for (const key of ['clipNorm', 'minLearningRate', 'minDelta', 'patience', 'evalEvery', 'checkpointEvery'] as const) {
    if (!(o[key] >= 0)) bad(key, '≥ 0', o[key]);
  }
  for (const key of ['maxEpochs', 'maxSteps', 'maxTime'] as const) if (!(o[key] > 0)) bad(key, '> 0', o[key]);
  if (!Number.isInteger(o.seed)) bad('seed', 'an integer', o.seed);
  return o;
}
