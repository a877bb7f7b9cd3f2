/**
 * `s2s serve --model FILE[:src-tgt] [--model …] [--host 127.0.0.1] [--port 5000]`: translation over HTTP and
 * WebSocket — the LibreTranslate-compatible API, the native `/v1` API (n-best, alignments, NDJSON and WebSocket
 * streaming), `/health`, `/ready`, `/metrics`. Heavy modules load inside `run`, so `--help` stays fast.
 */
import { readFile } from 'node:fs/promises';
import { defineCommand } from '../cli/command.js';
import type { OptionsSpec } from '../cli/args.js';
import { DECODE_CLI_OPTIONS, decodeOptionsFrom } from '../cli/decode-options.js';
import { OptionError } from '../../lib/errors.js';

const OPTIONS = {
  model: { type: 'strings', alias: 'm', description: 'translation model FILE, or FILE:src-tgt to name its language pair (repeat for several pairs)' },
  'source-lang': { type: 'string', description: 'source language of a single model whose file does not name it' },
  'target-lang': { type: 'string', description: 'target language of a single model whose file does not name it' },
  lm: { type: 'string', description: 'target-side language model (.s2s, kind lm) for requests with lmWeight > 0' },
  host: { type: 'string', default: '127.0.0.1', description: 'address to listen on (0.0.0.0 for every interface)' },
  port: { type: 'number', default: 5000, description: 'TCP port (0 = any free port; the chosen one is printed)' },
  'api-keys': { type: 'string', description: 'file with one accepted API key per line: POST /translate then needs api_key' },
  web: { type: 'string', description: 'directory served at / (the browser page)' },
  quiet: { type: 'boolean', description: 'no request log lines on stderr' },
  ...DECODE_CLI_OPTIONS,
  'max-tokens': { type: 'number', default: 2048, description: 'padded source tokens per batch (shared by all requests)' },
  'max-sentences': { type: 'number', default: 64, description: 'sentences per batch' },
  'max-wait': { type: 'number', default: 20, description: 'ms a sentence may wait for its batch to fill (latency bound)' },
  'max-queue': { type: 'number', default: 1024, description: 'sentences queued at most; requests beyond get 503 + Retry-After' },
  'max-services': { type: 'number', default: 4, description: 'distinct decoding-option sets served at once per model' },
  'max-source-tokens': { type: 'number', default: 128, description: 'cut longer lines into pieces of at most N tokens (as s2s translate)' },
  'body-limit': { type: 'number', default: 1048576, description: 'largest request body in bytes (413 beyond)' },
  'max-lines': { type: 'number', default: 128, description: 'lines per request (413 beyond); lines in flight per stream' },
  'max-chars': { type: 'number', default: 5000, description: 'characters per line (413 beyond)' },
  'max-beam-size': { type: 'number', default: 16, description: 'largest beam a request may ask for' },
  'retry-after': { type: 'number', default: 1, description: 'seconds in Retry-After when overloaded' },
} as const satisfies OptionsSpec;

function positiveInteger(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 1) throw new OptionError('E_OPTION_INVALID', `${option} must be an integer ≥ 1, got ${value}`, { option });
  return value;
}

export const serveCommand = defineCommand({
  path: ['serve'],
  summary: 'serve models over HTTP and WebSocket (LibreTranslate-compatible API, native /v1 API, metrics)',
  usage: '--model FILE[:src-tgt] [--model …] [--host 127.0.0.1] [--port 5000]',
  details: [
    'Examples:',
    '  s2s serve --model fixtures/models/en-es.s2s --port 5000',
    '  curl -s localhost:5000/translate -H "content-type: application/json" -d \'{"q":"In the beginning.","source":"en","target":"es"}\'',
    '  s2s serve --model my.s2s:en-de --model other.s2s:de-en --api-keys keys.txt',
  ].join('\n'),
  options: OPTIONS,
  async run(args, io) {
    const o = args.options;
    const decodeDefaults = decodeOptionsFrom(o);
    const limits = {
      bodyLimit: positiveInteger(o['body-limit'], '--body-limit'),
      maxLines: positiveInteger(o['max-lines'], '--max-lines'),
      maxChars: positiveInteger(o['max-chars'], '--max-chars'),
      maxBeamSize: positiveInteger(o['max-beam-size'], '--max-beam-size'),
      retryAfter: positiveInteger(o['retry-after'], '--retry-after'),
    };
    const apiKeys = o['api-keys'] === undefined ? undefined : new Set((await readFile(o['api-keys'], 'utf8')).split('\n').map((k) => k.trim()).filter((k) => k !== '' && !k.startsWith('#')));
    if (apiKeys !== undefined && apiKeys.size === 0) throw new OptionError('E_OPTION_INVALID', `--api-keys ${o['api-keys']} holds no key (one per line)`, { option: '--api-keys' });

    const { useBackend } = await import('../../lib/backend.js');
    const { loadServedModels, parseModelSpec } = await import('../../server/load-models.js');
    const { LocalBackend } = await import('../../server/local-backend.js');
    const { ServerMetrics } = await import('../../server/metrics.js');
    const { buildServer } = await import('../../server/app.js');
    const { closeOnSignals } = await import('../../server/shutdown.js');

    const backendName = await useBackend(o.backend as Parameters<typeof useBackend>[0]);
    const models = await loadServedModels(o.model.map(parseModelSpec), {
      languages: { ...(o['source-lang'] === undefined ? {} : { source: o['source-lang'] }), ...(o['target-lang'] === undefined ? {} : { target: o['target-lang'] }) },
      ...(o.lm === undefined ? {} : { lmPath: o.lm }),
    });
    const metrics = new ServerMetrics();
    const backend = new LocalBackend(models, {
      batch: { maxTokens: positiveInteger(o['max-tokens'], '--max-tokens'), maxSentences: positiveInteger(o['max-sentences'], '--max-sentences'), maxWait: o['max-wait'] },
      maxQueue: positiveInteger(o['max-queue'], '--max-queue'),
      maxServices: positiveInteger(o['max-services'], '--max-services'),
      maxSourceTokens: positiveInteger(o['max-source-tokens'], '--max-source-tokens'),
      retryAfter: limits.retryAfter,
      onBatch: metrics.observeBatch,
    });
    const app = await buildServer(backend, {
      limits,
      decodeDefaults,
      ...(apiKeys === undefined ? {} : { apiKeys }),
      ...(o.web === undefined ? {} : { webDir: o.web }),
      ...(o.quiet ? {} : { log: io.stderr }),
    }, metrics);
    const say = (line: string): void => void io.stderr.write(`s2s serve: ${line}\n`);
    closeOnSignals(app, { say });
    const address = await app.listen({ host: o.host, port: o.port });
    say(`${models.map((m) => `${m.pair.source}-${m.pair.target}`).join(', ')} on ${address} (backend ${backendName.name}); SIGTERM/Ctrl-C to stop`);
    await new Promise<void>((resolve) => app.server.once('close', () => resolve()));
    return 0;
  },
});
