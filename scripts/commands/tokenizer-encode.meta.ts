/** `s2s tokenizer encode` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./tokenizer-encode.ts). */
import { defineCommandMeta } from '../cli/command.js';

export const tokenizerEncodeMeta = defineCommandMeta({
  path: ['tokenizer', 'encode'],
  summary: 'encode stdin lines to SentencePiece ids or pieces (like spm_encode)',
  usage: '--model PREFIX.model [--ids|--pieces] < text',
  details: [
    'Output matches spm_encode --output_format=id (or =piece with --pieces). Input hygiene: invalid UTF-8 → U+FFFD',
    '(counted on stderr), BOM and control characters removed, CRLF/CR line ends accepted; empty lines stay empty.',
  ].join('\n'),
  options: {
    model: {
      type: 'string',
      alias: 'm',
      required: true,
      placeholder: 'FILE',
      description: 'SentencePiece .model file',
    },
    ids: { type: 'boolean', description: 'write ids (the default)' },
    pieces: { type: 'boolean', description: 'write pieces instead of ids' },
  },
});
