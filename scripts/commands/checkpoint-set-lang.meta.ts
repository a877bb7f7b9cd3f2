/** `s2s checkpoint set-lang` — the command's meta (the run code is in ./checkpoint-set-lang.ts). */
import { defineCommandMeta } from '../cli/command.js';

export const checkpointSetLangMeta = defineCommandMeta({
  path: ['checkpoint', 'set-lang'],
  summary: 'write the source/target language codes into a checkpoint (s2s serve routes requests by them)',
  usage: 'FILE (--source-lang CODE --target-lang CODE | --lang CODE)',
  details:
    'Examples:\n  s2s checkpoint set-lang fixtures/models/en-es.s2s --source-lang en --target-lang es\n  s2s checkpoint set-lang fixtures/models/es-lm.s2s --lang es',
  maxPositionals: 1,
  options: {
    'source-lang': {
      type: 'string',
      placeholder: 'CODE',
      description: 'source language of a translation model (en, es, pt-BR…)',
    },
    'target-lang': { type: 'string', placeholder: 'CODE', description: 'target language of a translation model' },
    lang: { type: 'string', placeholder: 'CODE', description: 'language of a language model (kind lm)' },
  },
});
