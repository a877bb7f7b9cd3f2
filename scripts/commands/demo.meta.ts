/** `s2s demo` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./demo.ts). */
import { join } from 'node:path';
import { defineCommandMeta } from '../cli/command.js';
import { packageRoot } from '../cli/version.js';

/** The English→Spanish model shipped in the package. */
export const SHIPPED_MODEL = join(packageRoot(), 'fixtures', 'models', 'en-es.s2s');

export const demoMeta = defineCommandMeta({
  path: ['demo'],
  summary: 'translate a few English sentences with the shipped English→Spanish model, then stream some',
  usage: '[--model FILE] [--beam-size K]',
  options: {
    model: {
      type: 'string',
      alias: 'm',
      default: SHIPPED_MODEL,
      placeholder: 'FILE',
      description: 'translation model',
    },
    'beam-size': { type: 'number', default: 5, description: 'beam size' },
  },
  tensors: true,
});
