/** `s2s lm train` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./lm-train.ts). */
import { defineCommandMeta } from '../cli/command.js';
import { TRAINER_CLI_OPTIONS } from '../train/trainer-cli-options.js';
import { LM_CLI_OPTIONS } from '../train/model-cli-options.js';

export const lmTrainMeta = defineCommandMeta({
  path: ['lm', 'train'],
  summary: 'train a single-stream recurrent language model (truncated BPTT)',
  usage:
    '--train FILE [--column NAME] [--dev FILE] (--tokenizer-from MODEL.s2s | --spm-model FILE | --words) --out DIR [options]',
  details: [
    'Text: one sentence per line; a blank line separates documents (the state is reset there).',
    'Example (an LM for shallow fusion with a translation model, sharing its target vocabulary):',
    '  s2s lm train --train es.txt --dev es.dev.txt --tokenizer-from fixtures/models/en-es.s2s --out runs/es-lm',
  ].join('\n'),
  options: {
    train: { type: 'string', required: true, placeholder: 'FILE', description: 'training text (or TSV with --column)' },
    dev: { type: 'string', placeholder: 'FILE', description: 'dev text (or TSV with --column)' },
    column: { type: 'string', placeholder: 'NAME', description: 'read this column of TSV files with a header' },
    'tokenizer-from': {
      type: 'string',
      placeholder: 'FILE',
      description: "use a translation model's target tokenizer (needed for fusion with it)",
    },
    'spm-model': { type: 'string', placeholder: 'FILE', description: 'a SentencePiece model' },
    words: { type: 'boolean', description: 'a word vocabulary built from the training text' },
    batch: { type: 'number', default: 32, description: 'B: parallel streams per batch' },
    bptt: { type: 'number', default: 35, description: 'T: tokens per truncated-BPTT chunk' },
    ...LM_CLI_OPTIONS,
    ...TRAINER_CLI_OPTIONS,
  },
  tensors: true,
});
