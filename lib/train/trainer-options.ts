/**
 * The trainer's options: what each field means (`TrainerOptions`) and its default with the reason (`TRAINER_DEFAULTS`,
 * which `s2s train` / `s2s lm train` derive their flag defaults from). `resolveTrainerOptions` validates once,
 * reporting errors by field (`details.field`).
 */
import type { CheckpointKind } from '../io/index.js';
import { OPTIMIZER_NAMES, type OptimizerName } from './optimizer-names.js';
import { TrainingError } from './training-error.js';
import type { FieldErrorDetails } from '../errors.js';

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
  /** Keep a copy of each `last.s2s` as `step-N.s2s`, the newest this many (for checkpoint averaging); 0 = none. */
  keepCheckpoints: number;
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

export const TRAINER_DEFAULTS: Readonly<TrainerOptions> = Object.freeze({
  /** A translation model. */
  kind: 'seq2seq',
  /** Adam: the usual choice for recurrent NMT. */
  optimizer: 'adam',
  /** Adam's customary 1e-3. */
  learningRate: 1e-3,
  /** Hinton's RMSprop ρ. */
  rmspropDecay: 0.9,
  /** Kingma & Ba's β₁. */
  adamBeta1: 0.9,
  /** Kingma & Ba's β₂. */
  adamBeta2: 0.999,
  /** The backend's ε. */
  epsilon: null,
  /** Global-norm clipping at 5 keeps exploding gradients of long unrolls in check (common RNN practice). */
  clipNorm: 5,
  /** Halve the learning rate when the dev loss does not improve. */
  lrDecay: 0.5,
  /** No floor. */
  minLearningRate: 0,
  /** Any improvement counts. */
  minDelta: 0,
  /** Stop after 3 evaluations without a new best dev loss. */
  patience: 3,
  /** Evaluate at epoch ends only. */
  evalEvery: 0,
  /** `last.s2s` every 200 steps: an interrupted run loses little. */
  checkpointEvery: 200,
  /** Keep no step copies. */
  keepCheckpoints: 0,
  /** 10 epochs. */
  maxEpochs: 10,
  /** No step limit. */
  maxSteps: Infinity,
  /** No time limit. */
  maxTime: Infinity,
  /** Seed 1. */
  seed: 1,
  /** Write no files (the CLI always gives a directory). */
  outDir: null,
});

/** Defaults filled in and ranges checked. @throws TrainingError E_TRAIN_OPTION */
export function resolveTrainerOptions(options: Partial<TrainerOptions>): TrainerOptions {
  const o: TrainerOptions = { ...TRAINER_DEFAULTS };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) Object.assign(o, { [key]: value });
  const bad = (field: keyof TrainerOptions, expected: string, value: unknown): never => {
    const details: FieldErrorDetails = { field, expected, value };
    throw new TrainingError('E_TRAIN_OPTION', `trainer option ${field} must be ${expected}, got ${String(value)}`, {
      ...details,
    });
  };
  if (!OPTIMIZER_NAMES.includes(o.optimizer)) bad('optimizer', `one of ${OPTIMIZER_NAMES.join(', ')}`, o.optimizer);
  if (!(o.learningRate > 0)) bad('learningRate', '> 0', o.learningRate);
  if (!(o.lrDecay > 0 && o.lrDecay <= 1)) bad('lrDecay', 'in (0, 1]', o.lrDecay);
  for (const key of ['clipNorm', 'minLearningRate', 'minDelta', 'patience', 'evalEvery', 'checkpointEvery'] as const) {
    if (!(o[key] >= 0)) bad(key, '≥ 0', o[key]);
  }
  for (const key of ['maxEpochs', 'maxSteps', 'maxTime'] as const) if (!(o[key] > 0)) bad(key, '> 0', o[key]);
  if (!Number.isInteger(o.seed)) bad('seed', 'an integer', o.seed);
  if (!(Number.isInteger(o.keepCheckpoints) && o.keepCheckpoints >= 0))
    bad('keepCheckpoints', 'an integer ≥ 0', o.keepCheckpoints);
  return o;
}
