/** `s2s gradcheck` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./gradcheck.ts). */
import { defineCommandMeta } from '../cli/command.js';
import { EXIT } from '../cli/main.js';
import { GRADCHECK_DEFAULTS } from '../../lib/nn/gradcheck-options.js';

export const gradcheckMeta = defineCommandMeta({
  path: ['gradcheck'],
  summary: 'compare autodiff gradients with central differences on a small random model',
  usage: '[--cell lstm|gru|rnn] [--layers N] [--bidirectional] [--attention] [--seed S]',
  details: [
    `Compares, for every parameter element (and along the gradient's direction and random directions), the autodiff`,
    `derivative a with the central difference n = (L(θ+h·u) − L(θ−h·u)) / 2h. Prints the worst error per parameter,`,
    `|a − n| / (|a| + |n| + atol/threshold), where atol = 2·2⁻²³·|L|/h is an empirical allowance for float32 rounding in n (a heuristic, not a bound), and exits`,
    `with status ${EXIT.check} when any exceeds the threshold (default ${GRADCHECK_DEFAULTS.threshold}). 'in-noise' counts probes whose gradient is`,
    `below atol/threshold: float32 can verify those only to within atol.`,
    '',
    'Example: s2s gradcheck --cell gru --layers 2 --bidirectional --attention',
  ].join('\n'),
  options: {
    cell: { type: 'string', choices: ['lstm', 'gru', 'rnn'], default: 'lstm', description: 'recurrent cell' },
    layers: { type: 'number', default: 1, description: 'stacked layers' },
    bidirectional: { type: 'boolean', description: 'bidirectional encoder' },
    attention: { type: 'boolean', description: 'add Bahdanau attention and a decoder' },
    peepholes: { type: 'boolean', description: 'LSTM peephole connections' },
    'layer-norm': { type: 'boolean', description: 'layer normalisation inside the cells' },
    recurrence: {
      type: 'string',
      choices: ['fused', 'stepwise'],
      default: 'fused',
      description: 'how the encoder runs its cells: the whole-sequence recurrence (as in training) or step by step',
    },
    seed: { type: 'number', default: 1, description: 'seed for weights and data' },
    epsilon: { type: 'number', default: GRADCHECK_DEFAULTS.epsilon, description: 'h in the central difference' },
    threshold: {
      type: 'number',
      default: GRADCHECK_DEFAULTS.threshold,
      description: 'largest relative error accepted',
    },
  },
  tensors: true,
});
