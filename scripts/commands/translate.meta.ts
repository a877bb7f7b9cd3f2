/** `s2s translate` — the command's meta: path, summary, usage, formats and options, light enough for `--help` (the run code is in ./translate.ts). */
import type { OptionsSpec } from '../cli/args.js';
import { defineCommandMeta } from '../cli/command.js';
import { ENGINE_OPTION } from './engine-option.js';
import { DECODE_CLI_OPTIONS } from '../cli/decode-options.js';
import { PROGRESS_OPTION } from './progress-option.js';

export const FORMATS = ['text', 'jsonl', 'msgpack'] as const;
export type Format = (typeof FORMATS)[number];

const OPTIONS = {
  model: {
    type: 'strings',
    alias: 'm',
    required: true,
    placeholder: 'FILE',
    description: 'translation model file (.s2s checkpoint, or an ensemble file); repeat for an ensemble',
  },
  weights: {
    type: 'string',
    placeholder: 'W,…',
    description: 'ensemble weights, one per --model, comma-separated (default equal), e.g. 0.6,0.4',
  },
  output: {
    type: 'string',
    alias: 'o',
    placeholder: 'OUT',
    description: 'output file (one input) or directory (several files / a directory); default stdout',
  },
  format: {
    type: 'string',
    alias: 'f',
    choices: FORMATS,
    default: 'text',
    description: 'input/output format: text, jsonl or msgpack',
  },
  ...DECODE_CLI_OPTIONS,
  ...ENGINE_OPTION,
  lm: {
    type: 'string',
    placeholder: 'FILE',
    description: 'target-side language model (.s2s, kind lm) for --lm-weight: shallow fusion or --lm-rescore',
  },
  'max-tokens': { type: 'number', default: 2048, description: 'padded source tokens per batch' },
  'max-sentences': { type: 'number', default: 64, description: 'sentences per batch' },
  'max-wait': {
    type: 'number',
    default: 20,
    description: 'ms a sentence may wait for its batch to fill (latency bound)',
  },
  concurrency: { type: 'number', default: 1, description: 'batches decoded at once' },
  'max-in-flight': { type: 'number', default: 256, description: 'lines read ahead of the output (memory bound)' },
  'max-source-tokens': {
    type: 'number',
    default: 128,
    description:
      'cut longer lines at sentence boundaries (else between words) into pieces of at most N tokens, translated separately and joined back',
  },
  'attention-svg': {
    type: 'string',
    placeholder: 'DIR',
    description: 'write one attention heatmap per line to DIR/<line>.svg (source × target pieces)',
  },
  force: { type: 'boolean', description: 'directory mode: retranslate files whose output already exists' },
  redis: {
    type: 'string',
    placeholder: 'URL',
    description:
      'translate on the `s2s worker` pool at this Redis URL instead of locally; --model then only names the pair (en-es.s2s or en-es)',
  },
  'redis-timeout': {
    type: 'number',
    default: 60_000,
    placeholder: 'MS',
    description: 'with --redis: fail when no worker answers for this many ms',
  },
  ...PROGRESS_OPTION,
} as const satisfies OptionsSpec;

export const translateMeta = defineCommandMeta({
  path: ['translate'],
  summary: 'translate text from files, a directory or stdin, streaming, in input order',
  usage: '--model FILE [--model FILE2 … [--weights W1,W2,…]] [FILES…|DIR] [-o OUT] [--format text|jsonl|msgpack]',
  details:
    'Examples:\n  s2s translate -m en-es.s2s < in.txt > out.txt\n  s2s translate -m en-es.s2s --format jsonl in.jsonl -o out.jsonl\n  s2s translate -m en-es.s2s corpus/ -o translated/   (resumable)\n  s2s translate -m a.s2s -m b.s2s --weights 0.6,0.4 < in.txt   (ensemble)',
  maxPositionals: Infinity,
  options: OPTIONS,
  tensors: true,
});
