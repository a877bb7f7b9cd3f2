/** `s2s backends` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./backends.ts). */
import { defineCommandMeta } from '../cli/command.js';

export const backendsMeta = defineCommandMeta({
  path: ['backends'],
  summary: 'list the TensorFlow.js backends and whether each loads here',
  usage: '',
  options: {},
});
