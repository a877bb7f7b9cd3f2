/** `s2s data synth` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./data-synth.ts). */
import { defineCommandMeta } from '../cli/command.js';

export const dataSynthMeta = defineCommandMeta({
  path: ['data', 'synth'],
  summary: 'generate a synthetic task (reverse, copy, dates) as a TSV with header src<TAB>tgt',
  usage: 'reverse|copy|dates --n N --seed S --out FILE.tsv',
  details: 'Example: s2s data synth reverse --n 20000 --seed 1 --out reverse.train.tsv',
  maxPositionals: 1,
  options: {
    n: { type: 'number', required: true, description: 'number of pairs' },
    seed: { type: 'number', default: 1, description: 'random seed' },
    out: { type: 'string', alias: 'o', placeholder: 'FILE', description: 'output file (default: stdout)' },
    symbols: { type: 'number', default: 20, description: 'reverse/copy: alphabet size' },
    'min-length': { type: 'number', default: 3, description: 'reverse/copy: shortest sequence' },
    'max-length': { type: 'number', default: 12, description: 'reverse/copy: longest sequence' },
  },
});
