/** `s2s lm generate` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./lm-generate.ts). */
import { defineCommandMeta } from '../cli/command.js';
import { DEFAULTS } from '../../lib/decode/options.js';

export const lmGenerateMeta = defineCommandMeta({
  path: ['lm', 'generate'],
  summary: 'sample sentences from a language model',
  usage: '--model LM.s2s [--n N] [--temperature T] [--top-k K] [--top-p P] [--min-length M] [--seed S]',
  options: {
    model: {
      type: 'string',
      alias: 'm',
      required: true,
      placeholder: 'FILE',
      description: 'language model file (.s2s, kind lm)',
    },
    n: { type: 'number', default: 10, description: 'sentences to draw' },
    batch: { type: 'number', default: 10, description: 'sentences drawn together' },
    temperature: { type: 'number', default: DEFAULTS.temperature, description: 'sampling temperature (<1 sharper)' },
    'top-k': { type: 'number', default: DEFAULTS.topK, description: 'sample among the k most likely tokens (0 = all)' },
    'top-p': { type: 'number', default: DEFAULTS.topP, description: 'nucleus sampling threshold (1 = all)' },
    // generation, unlike translation, has no source to bound its length: sentences of at least 5 and at most 80 tokens
    'min-length': { type: 'number', default: 5, description: 'no end of sentence before this many tokens' },
    'max-length': { type: 'number', default: 80, description: 'at most this many tokens' },
    'allow-unk': { type: 'boolean', description: 'allow the unknown token (banned by default)' },
    seed: { type: 'number', default: DEFAULTS.seed, description: 'seed: the same seed draws the same sentences' },
  },
  tensors: true,
});
