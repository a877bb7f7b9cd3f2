/** `s2s backends`: lists each TensorFlow.js backend and whether it loads on this machine: the command's meta (no heavy imports; its run code is in ./backends.ts). */
import { defineCommandMeta } from '../cli/command.js';

export const backendsMeta = defineCommandMeta({
  path: ['backends'],
  summary: 'list the TensorFlow.js backends and whether each loads here',
  usage: '',
  options: {},
});
