/** `s2s checkpoint info` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./checkpoint-info.ts). */
import { defineCommandMeta } from '../cli/command.js';

export const checkpointInfoMeta = defineCommandMeta({
  path: ['checkpoint', 'info'],
  summary: 'show what a checkpoint file holds (kind, config, tokenizers, parameters, training state)',
  usage: 'FILE',
  maxPositionals: 1,
  options: {
    json: { type: 'boolean', description: 'print the same information as JSON' },
  },
});
