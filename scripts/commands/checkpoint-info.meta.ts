/** `s2s checkpoint info FILE`: what a checkpoint holds (kind, format version, config, tokenizers, size, training state, meta): the command's meta (no heavy imports; its run code is in ./checkpoint-info.ts). */
import { defineCommandMeta } from '../cli/command.js';

export const checkpointInfoMeta = defineCommandMeta({
  path: ['checkpoint', 'info'],
  summary: 'show what a checkpoint file holds (kind, config, tokenizers, parameters, training state)',
  usage: 'FILE',
  options: {
    json: { type: 'boolean', description: 'print the same information as JSON' },
  },
});
