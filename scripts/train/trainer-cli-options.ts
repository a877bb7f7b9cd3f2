/** Command-line options shared by `s2s train` and `s2s lm train`: the trainer's, and the recurrent stack's. */
import type { OptionsSpec, OptionValues } from '../cli/args.js';
import { TRAINER_DEFAULTS, resolveTrainerOptions, type TrainerOptions } from '../../lib/train/trainer-options.js';
import { TrainingError } from '../../lib/train/training-error.js';
import { OptionError } from '../../lib/errors.js';
import { OPTIMIZER_NAMES } from '../../lib/train/optimizer-names.js';

export const TRAINER_CLI_OPTIONS = {
  out: { type: 'string', required: true, placeholder: 'DIR', description: 'output directory: model.s2s (best on dev), last.s2s (for --resume)' },
  resume: { type: 'boolean', description: 'continue the run in --out from last.s2s (same data and options)' },
  optimizer: { type: 'string', choices: OPTIMIZER_NAMES, default: TRAINER_DEFAULTS.optimizer, description: 'optimizer' },
  lr: { type: 'number', default: TRAINER_DEFAULTS.learningRate, description: 'initial learning rate' },
  'clip-norm': { type: 'number', default: TRAINER_DEFAULTS.clipNorm, description: 'clip gradients to this global norm (0 = off)' },
  'lr-decay': { type: 'number', default: TRAINER_DEFAULTS.lrDecay, description: 'multiply the learning rate by this when the dev loss rises' },
  patience: { type: 'number', default: 3, description: 'stop after this many evaluations without a better dev loss (0 = never)' },
  'max-epochs': { type: 'number', default: TRAINER_DEFAULTS.maxEpochs, description: 'stop after this many epochs' },
  'max-steps': { type: 'number', default: 0, description: 'stop after this many steps (0 = no limit)' },
  'max-time': { type: 'number', default: 0, description: 'stop after this many seconds (0 = no limit)' },
  'eval-every': { type: 'number', default: 0, description: 'evaluate on dev every N steps (0 = at epoch ends)' },
  'checkpoint-every': { type: 'number', default: 200, description: 'write last.s2s every N steps' },
  seed: { type: 'number', default: 1, description: 'seed for initialisation, data order and dropout' },
} as const satisfies OptionsSpec;

export const RNN_CLI_OPTIONS = {
  cell: { type: 'string', choices: ['lstm', 'gru', 'rnn'], default: 'lstm', description: 'recurrent cell' },
  'embedding-size': { type: 'number', default: 128, description: 'E: embedding width' },
  'hidden-size': { type: 'number', default: 256, description: 'H: recurrent width' },
  dropout: { type: 'number', default: 0.2, description: 'variational dropout rate' },
  'layer-norm': { type: 'boolean', description: 'layer normalisation inside the cells' },
  residual: { type: 'boolean', description: 'residual connections between layers of equal width' },
} as const satisfies OptionsSpec;

/** The CLI flag of each trainer option, for error messages. */
const FLAGS: Partial<Record<keyof TrainerOptions, string>> = {
  optimizer: '--optimizer', learningRate: '--lr', clipNorm: '--clip-norm', lrDecay: '--lr-decay', patience: '--patience',
  maxEpochs: '--max-epochs', maxSteps: '--max-steps', maxTime: '--max-time', evalEvery: '--eval-every',
  checkpointEvery: '--checkpoint-every', seed: '--seed',
};

/**
 * Trainer options from parsed CLI values, validated now (before any data is read).
 * @throws OptionError naming the flag (exit status 2)
 */
export function trainerOptionsFrom(o: OptionValues<typeof TRAINER_CLI_OPTIONS>, kind: TrainerOptions['kind']): TrainerOptions {
  try {
    return resolveTrainerOptions(cliTrainerOptions(o, kind));
  } catch (err) {
    if (!(err instanceof TrainingError)) throw err;
    const field = Object.keys(err.details)[0] as keyof TrainerOptions | undefined;
    const flag = field ? FLAGS[field] : undefined;
    throw new OptionError('E_OPTION_INVALID', flag ? err.message.replace(`trainer option ${field}`, flag) : err.message, { ...err.details });
  }
}

function cliTrainerOptions(o: OptionValues<typeof TRAINER_CLI_OPTIONS>, kind: TrainerOptions['kind']): Partial<TrainerOptions> {
  return {
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
    seed: o.seed,
    outDir: o.out,
  };
}
