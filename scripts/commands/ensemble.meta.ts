/** `s2s ensemble` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./ensemble.ts). */
import { defineCommandMeta } from '../cli/command.js';

export const ensembleMeta = defineCommandMeta({
  path: ['ensemble'],
  summary: 'put several translation models (same tokenizers) into one ensemble file for s2s translate -m',
  usage: '--out FILE.s2s MODEL.s2s MODEL.s2s … [--weights W1,W2,…]',
  details:
    'Example:\n  s2s ensemble --out en-es-ens.s2s runs/a/model.s2s runs/b/model.s2s --float16\n  s2s translate -m en-es-ens.s2s < in.txt',
  maxPositionals: Infinity,
  options: {
    out: { type: 'string', required: true, placeholder: 'FILE', description: 'the ensemble file to write' },
    weights: {
      type: 'string',
      placeholder: 'W,…',
      description: 'one weight per model, comma-separated (default equal)',
    },
    float16: { type: 'boolean', description: 'store the weights as float16 (half the size)' },
  },
});
