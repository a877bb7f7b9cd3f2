/** `s2s average` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./average.ts). */
import { defineCommandMeta } from '../cli/command.js';

export const averageMeta = defineCommandMeta({
  path: ['average'],
  summary: 'average the weights of checkpoints of one training run (same model config and tokenizers)',
  usage: '--out FILE.s2s CHECKPOINT.s2s CHECKPOINT.s2s …',
  details:
    'Example:\n  s2s train … --checkpoint-every 100 --keep-checkpoints 5 --out runs/en-es\n  s2s average --out runs/en-es/avg5.s2s runs/en-es/step-*.s2s',
  maxPositionals: Infinity,
  options: {
    out: {
      type: 'string',
      required: true,
      placeholder: 'FILE',
      description: 'the averaged checkpoint to write (no optimizer state)',
    },
    float16: { type: 'boolean', description: 'store the averaged weights as float16 (half the size)' },
  },
});
