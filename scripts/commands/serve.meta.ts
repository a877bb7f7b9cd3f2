/** `s2s serve` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./serve.ts). */
import { defineCommandMeta } from '../cli/command.js';
import type { OptionsSpec } from '../cli/args.js';
import { DECODE_CLI_OPTIONS } from '../cli/decode-options.js';
import { DEFAULT_LIMITS } from '../../server/options.js';

const SERVE_OPTIONS = {
  redis: {
    type: 'string',
    placeholder: 'URL',
    description:
      'front end of the s2s worker pool at this Redis URL: no model here, the pairs are those the workers advertise',
  },
  'redis-timeout': {
    type: 'number',
    default: 60_000,
    placeholder: 'MS',
    description: 'with --redis: answer 503 when no worker answers for this many ms',
  },
  model: {
    type: 'strings',
    alias: 'm',
    placeholder: 'FILE',
    description: 'translation model FILE, or FILE:src-tgt to name its language pair (repeat for several pairs)',
  },
  'source-lang': {
    type: 'string',
    placeholder: 'CODE',
    description: 'source language of a single model whose file does not name it',
  },
  'target-lang': {
    type: 'string',
    placeholder: 'CODE',
    description: 'target language of a single model whose file does not name it',
  },
  lm: {
    type: 'string',
    placeholder: 'FILE',
    description: 'target-side language model (.s2s, kind lm) for requests with lmWeight > 0',
  },
  host: {
    type: 'string',
    placeholder: 'ADDRESS',
    default: '127.0.0.1',
    description: 'address to listen on (0.0.0.0 for every interface)',
  },
  port: { type: 'number', default: 5000, description: 'TCP port (0 = any free port; the chosen one is printed)' },
  'api-keys': {
    type: 'string',
    placeholder: 'FILE',
    description: 'file with one accepted API key per line: POST /translate then needs api_key',
  },
  web: { type: 'string', placeholder: 'DIR', description: 'directory served at / (the browser page)' },
  ...DECODE_CLI_OPTIONS,
  'max-tokens': {
    type: 'number',
    default: 2048,
    description: 'padded source tokens per batch (shared by all requests)',
  },
  'max-sentences': { type: 'number', default: 64, description: 'sentences per batch' },
  'max-wait': {
    type: 'number',
    default: 20,
    description: 'ms a sentence may wait for its batch to fill (latency bound)',
  },
  'max-queue': {
    type: 'number',
    default: 1024,
    description: 'sentences queued at most; requests beyond get 503 + Retry-After',
  },
  'max-services': { type: 'number', default: 4, description: 'distinct decoding-option sets served at once per model' },
  'max-source-tokens': {
    type: 'number',
    default: 128,
    description: 'cut longer lines into pieces of at most N tokens (as s2s translate)',
  },
  'body-limit': {
    type: 'number',
    default: DEFAULT_LIMITS.bodyLimit,
    description: 'largest request body in bytes (413 beyond)',
  },
  'max-lines': {
    type: 'number',
    default: DEFAULT_LIMITS.maxLines,
    description: 'lines per request (413 beyond); lines in flight per stream',
  },
  'max-chars': { type: 'number', default: DEFAULT_LIMITS.maxChars, description: 'characters per line (413 beyond)' },
  'max-beam-size': {
    type: 'number',
    default: DEFAULT_LIMITS.maxBeamSize,
    description: 'largest beam a request may ask for',
  },
  'retry-after': {
    type: 'number',
    default: DEFAULT_LIMITS.retryAfter,
    description: 'seconds in Retry-After when overloaded',
  },
  'idle-timeout': {
    type: 'number',
    default: DEFAULT_LIMITS.idleTimeout,
    placeholder: 'MS',
    description:
      'close a connection silent this long before its request head is complete, mid-body or between requests, or whose body is not in this long after its head (not while a request is handled or a stream is open)',
  },
  'max-streams': {
    type: 'number',
    default: DEFAULT_LIMITS.maxStreams,
    description: 'NDJSON and WebSocket streams open at once; one more gets 503 + Retry-After (WebSocket: close 1013)',
  },
  'stream-idle-timeout': {
    type: 'number',
    default: DEFAULT_LIMITS.streamIdleTimeout,
    placeholder: 'MS',
    description: 'close a stream that sends no line this long while none is in flight (0 = never)',
  },
  'shutdown-timeout': {
    type: 'number',
    default: 30_000,
    placeholder: 'MS',
    description:
      'on SIGTERM, ms to finish the accepted work; then the connections still open are closed and the exit code is 1 (0 = wait for all)',
  },
} as const satisfies OptionsSpec;

export const serveMeta = defineCommandMeta({
  path: ['serve'],
  summary: 'serve models over HTTP and WebSocket (LibreTranslate-compatible API, native /v1 API, metrics)',
  usage: '--model FILE[:src-tgt] [--model …] | --redis URL  [--host 127.0.0.1] [--port 5000]',
  details: [
    'Examples:',
    '  s2s serve --model fixtures/models/en-es.s2s --port 5000',
    '  curl -s localhost:5000/translate -H "content-type: application/json" -d \'{"q":"In the beginning.","source":"en","target":"es"}\'',
    '  s2s serve --model my.s2s:en-de --model other.s2s:de-en --api-keys keys.txt',
    '  s2s serve --redis redis://10.0.0.5:6379 --port 5000   # models on the s2s worker machines',
  ].join('\n'),
  options: SERVE_OPTIONS,
  tensors: true,
});
