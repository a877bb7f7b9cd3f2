/** `s2s score` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./score.ts). */
import { defineCommandMeta } from '../cli/command.js';
import { ENGINE_OPTION } from './engine-option.js';
import { PROGRESS_OPTION } from './progress-option.js';

export const scoreMeta = defineCommandMeta({
  path: ['score'],
  summary: 'log-probability of given translations under a model (forced decoding)',
  usage: '--model M.s2s [FILE]   (lines: source<TAB>target; writes logprob<TAB>tokens<TAB>perplexity per line)',
  maxPositionals: 1,
  options: {
    ...ENGINE_OPTION,
    ...PROGRESS_OPTION,
    model: { type: 'string', alias: 'm', required: true, placeholder: 'FILE', description: 'translation model file' },
    'max-sentences': { type: 'number', default: 32, description: 'pairs scored per batch' },
  },
  tensors: true,
});
