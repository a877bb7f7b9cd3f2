/**
 * The trainer's command-line options, shared by `s2s train` and `s2s lm train`: one table of flags with their
 * `TrainerOptions` field (`TRAINER_FLAGS`, also used to word errors), defaults taken from `TRAINER_DEFAULTS`.
 */
import type { OptionsSpec, OptionValues } from '../cli/args.js';
import { TRAINER_DEFAULTS, resolveTrainerOptions, type TrainerOptions } from '../../lib/train/trainer-options.js';
import { OPTIMIZER_NAMES } from '../../lib/train/optimizer-names.js';
import { withFlagErrors, type FlagTable } from '../cli/flag-errors.js';

/** A limit of Infinity is written 0 ("no limit") on the command line. */
const limitFlag = (limit: number): number => (Number.isFinite(limit) ? limit : 0);

export const TRAINER_CLI_OPTIONS = {
  out: {
    type: 'string',
    required: true,
    placeholder: 'DIR',
    description: 'output directory: model.s2s (best on dev), last.s2s (for --resume)',
  },
  resume: { type: 'boolean', description: 'continue the run in --out from last.s2s (same data and options)' },
  optimizer: {
    type: 'string',
    choices: OPTIMIZER_NAMES,
    default: TRAINER_DEFAULTS.optimizer,
    description: 'optimizer',
  },
  lr: { type: 'number', default: TRAINER_DEFAULTS.learningRate, description: 'initial learning rate' },
  'clip-norm': {
    type: 'number',
    default: TRAINER_DEFAULTS.clipNorm,
    description: 'clip gradients to this global norm (0 = off)',
  },
  'lr-decay': {
    type: 'number',
    default: TRAINER_DEFAULTS.lrDecay,
    description: 'multiply the learning rate by this when the dev loss rises',
  },
  patience: {
    type: 'number',
    default: TRAINER_DEFAULTS.patience,
    description: 'stop after this many evaluations without a better dev loss (0 = never)',
  },
  'max-epochs': { type: 'number', default: TRAINER_DEFAULTS.maxEpochs, description: 'stop after this many epochs' },
  'max-steps': {
    type: 'number',
    default: limitFlag(TRAINER_DEFAULTS.maxSteps),
    description: 'stop after this many steps (0 = no limit)',
  },
  'max-time': {
    type: 'number',
    default: limitFlag(TRAINER_DEFAULTS.maxTime),
    description: 'stop after this many seconds (0 = no limit)',
  },
  'eval-every': {
    type: 'number',
    default: TRAINER_DEFAULTS.evalEvery,
    description: 'evaluate on dev every N steps (0 = at epoch ends)',
  },
  'checkpoint-every': {
    type: 'number',
    default: TRAINER_DEFAULTS.checkpointEvery,
    description: 'write last.s2s every N steps (and at epoch ends and when training stops; 0 = only then)',
  },
  'keep-checkpoints': {
    type: 'number',
    default: TRAINER_DEFAULTS.keepCheckpoints,
    description: 'keep the newest N copies of last.s2s as step-N.s2s (for s2s average; 0 = none)',
  },
  seed: {
    type: 'number',
    default: TRAINER_DEFAULTS.seed,
    description: 'seed for initialisation, data order and dropout',
  },
} as const satisfies OptionsSpec;

/** `TrainerOptions` field → flag. */
export const TRAINER_FLAGS: FlagTable = {
  optimizer: '--optimizer',
  learningRate: '--lr',
  clipNorm: '--clip-norm',
  lrDecay: '--lr-decay',
  patience: '--patience',
  maxEpochs: '--max-epochs',
  maxSteps: '--max-steps',
  maxTime: '--max-time',
  evalEvery: '--eval-every',
  checkpointEvery: '--checkpoint-every',
  keepCheckpoints: '--keep-checkpoints',
  seed: '--seed',
  outDir: '--out',
};

/**
 * Trainer options from parsed CLI values, validated now (before any data is read).
 * @throws OptionError naming the flag (exit status 2)
 */
export function trainerOptionsFrom(
  o: OptionValues<typeof TRAINER_CLI_OPTIONS>,
  kind: TrainerOptions['kind'],
): TrainerOptions {
  const options: Partial<TrainerOptions> = {
    kind,
    optimizer: o.optimizer as TrainerOptions['optimizer'],
    learningRate: o.lr,
    clipNorm: o['clip-norm'],
    lrDecay: o['lr-decay'],
    patience: o.patience,
    maxEpochs: o['max-epochs'],
    maxSteps: o['max-steps'] > 0 ? o['max-steps'] : Infinity,
    maxTime: o['max-time'] > 0 ? o['max-time'] : Infinity,
    evalEvery: o['eval-every'],
    checkpointEvery: o['checkpoint-every'],
    keepCheckpoints: o['keep-checkpoints'],
    seed: o.seed,
    outDir: o.out,
  };
  return withFlagErrors(TRAINER_FLAGS, () => resolveTrainerOptions(options));
}
