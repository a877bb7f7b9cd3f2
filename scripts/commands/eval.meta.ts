/** `s2s eval` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./eval.ts). */
import { defineCommandMeta } from '../cli/command.js';

export const evalMeta = defineCommandMeta({
  path: ['eval'],
  summary: 'score translations with BLEU and chrF (sacreBLEU-compatible, with signatures)',
  usage: '--hyp FILE --ref FILE [--ref FILE…] [--lowercase] [--metrics bleu,chrf] [--json]',
  details:
    'Example: s2s eval --hyp out.es --ref dev.es\nBLEU uses 13a tokenisation and exp smoothing; chrF uses character 6-grams, beta 2.',
  options: {
    hyp: { type: 'string', required: true, placeholder: 'FILE', description: 'hypothesis file, one segment per line' },
    ref: {
      type: 'strings',
      placeholder: 'FILE',
      description: 'reference file (repeat for several references), same line count as --hyp',
    },
    lowercase: { type: 'boolean', description: 'case-insensitive scores (signature case:lc)' },
    metrics: {
      type: 'string',
      default: 'bleu,chrf',
      placeholder: 'LIST',
      description: 'comma-separated metrics: bleu, chrf',
    },
    json: { type: 'boolean', description: 'print a JSON array of results instead of text' },
  },
});
