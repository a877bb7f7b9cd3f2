/** `s2s lm score` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./lm-score.ts). */
import { defineCommandMeta } from '../cli/command.js';
import { ENGINE_OPTION } from './engine-option.js';
import { PROGRESS_OPTION } from './progress-option.js';

export const lmScoreMeta = defineCommandMeta({
  path: ['lm', 'score'],
  summary: 'log-probability and perplexity of each line under a language model',
  usage: '--model LM.s2s [FILE]   (reads stdin without FILE; writes logprob<TAB>tokens<TAB>perplexity per line)',
  maxPositionals: 1,
  options: {
    ...ENGINE_OPTION,
    ...PROGRESS_OPTION,
    model: {
      type: 'string',
      alias: 'm',
      required: true,
      placeholder: 'FILE',
      description: 'language model file (.s2s, kind lm)',
    },
    'max-sentences': { type: 'number', default: 32, description: 'lines scored per batch' },
  },
  tensors: true,
});
