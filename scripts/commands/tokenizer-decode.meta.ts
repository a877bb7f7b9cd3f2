/** `s2s tokenizer decode` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./tokenizer-decode.ts). */
import { defineCommandMeta } from '../cli/command.js';

export const tokenizerDecodeMeta = defineCommandMeta({
  path: ['tokenizer', 'decode'],
  summary: 'decode stdin lines of ids to text (like spm_decode --input_format=id)',
  usage: '--model PREFIX.model < ids',
  details:
    'A line with a bad id gives an empty output line and a message on stderr; the other lines go on (exit status 1).',
  options: {
    model: {
      type: 'string',
      alias: 'm',
      required: true,
      placeholder: 'FILE',
      description: 'SentencePiece .model file',
    },
  },
});
