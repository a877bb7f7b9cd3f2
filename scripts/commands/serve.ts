/**
 * `s2s serve --model FILE[:src-tgt] [--model …] [--host 127.0.0.1] [--port 5000]`: translation over HTTP and
 * WebSocket — the LibreTranslate-compatible API, the native `/v1` API (n-best, alignments, NDJSON and WebSocket
 * streaming), `/health`, `/ready`, `/metrics`. With `--redis URL` the server holds no model: the `s2s worker` pool
 * translates (server/redis-backend.ts). Heavy modules load inside `run`, so `--help` stays fast.
 */
import { readFile } from 'node:fs/promises';
import { defineCommand, logStream } from '../cli/command.js';
import { decodeOptionsFrom } from '../cli/decode-options.js';
import { serveMeta } from './serve.meta.js';
import { OptionError } from '../../lib/errors.js';
import { checkBounded, MAX_TIMER_MS, type Bounds } from '../../lib/util/bounds.js';
import { DECODE_LIMITS } from '../../lib/decode/options.js';
import type { ServerLimits } from '../../server/options.js';
import { checkPipelineOptions } from '../cli/pipeline-options.js';

/**
 * Bounds of the server's own flags (the batch flags are `PIPELINE_BOUNDS`): each size is held in memory per request,
 * stream or queue, so a value past its bound is a typo, refused before anything loads.
 */
export const SERVE_BOUNDS = {
  'body-limit': { min: 1, max: 1 << 30, reason: 'bytes of one request body, held in memory' },
  'max-lines': { min: 1, max: 1 << 16, reason: 'lines of one request or in flight on one stream' },
  'max-chars': { min: 1, max: 1_000_000, reason: 'characters of one line' },
  'max-beam-size': { min: 1, max: DECODE_LIMITS.beamSize, reason: 'the largest beam a request may ask for' },
  'retry-after': { min: 1, max: 86_400, reason: 'seconds' },
  'max-queue': { min: 1, max: 1 << 20, reason: 'sentences queued at once' },
  'max-services': { min: 1, max: 64, reason: 'decoding-option sets per model, each with its own batcher' },
  'max-streams': { min: 1, max: 1 << 16, reason: 'streams open at once, each holding a socket' },
  // at least 100 ms (a real client's round trip)
  'idle-timeout': {
    min: 100,
    max: MAX_TIMER_MS,
    reason: 'ms a connection may stay silent before its request is in, or between requests',
  },
  'stream-idle-timeout': { min: 0, max: MAX_TIMER_MS, reason: 'ms a stream may stay silent; 0 = never' },
  'shutdown-timeout': {
    min: 0,
    max: MAX_TIMER_MS,
    reason: 'ms to finish the accepted work on SIGTERM; 0 = no deadline',
  },
} as const satisfies Record<string, Bounds>;

export const serveCommand = defineCommand({
  ...serveMeta,
  async run(args, io) {
    const o = args.options;
    const decodeDefaults = decodeOptionsFrom(o);
    const bounded = Object.fromEntries(
      (Object.entries(SERVE_BOUNDS) as [keyof typeof SERVE_BOUNDS, Bounds][]).map(([flag, bounds]) => [
        flag,
        checkBounded(`--${flag}`, o[flag], bounds),
      ]),
    ) as Record<keyof typeof SERVE_BOUNDS, number>;
    // the batch flags are translate's and worker's: the same bounds (a request's beam is at most --max-beam-size)
    checkPipelineOptions(
      {
        'max-tokens': o['max-tokens'],
        'max-sentences': o['max-sentences'],
        'max-wait': o['max-wait'],
        'max-source-tokens': o['max-source-tokens'],
        'redis-timeout': o['redis-timeout'],
      },
      bounded['max-beam-size'],
    );
    const limits: ServerLimits = {
      bodyLimit: bounded['body-limit'],
      maxLines: bounded['max-lines'],
      maxChars: bounded['max-chars'],
      maxBeamSize: bounded['max-beam-size'],
      retryAfter: bounded['retry-after'],
      idleTimeout: bounded['idle-timeout'],
      maxStreams: bounded['max-streams'],
      streamIdleTimeout: bounded['stream-idle-timeout'],
    };
    const apiKeys =
      o['api-keys'] === undefined
        ? undefined
        : new Set(
            (await readFile(o['api-keys'], 'utf8'))
              .split('\n')
              .map((k) => k.trim())
              .filter((k) => k !== '' && !k.startsWith('#')),
          );
    if (apiKeys !== undefined && apiKeys.size === 0)
      throw new OptionError('E_OPTION_INVALID', `--api-keys ${o['api-keys']} holds no key (one per line)`, {
        option: '--api-keys',
      });

    const { ServerMetrics } = await import('../../server/metrics.js');
    const { buildServer } = await import('../../server/app.js');
    const { closeOnSignals } = await import('../../server/shutdown.js');
    const say = (line: string): void => void io.stderr.write(`s2s serve: ${line}\n`);
    const metrics = new ServerMetrics();
    const retryAfter = limits.retryAfter;
    const maxQueue = bounded['max-queue'];
    const maxSourceTokens = o['max-source-tokens'];
    let backend: import('../../server/backend.js').TranslationBackend;
    let served: () => string;
    if (o.redis !== undefined) {
      if (o.model.length > 0 || o.lm !== undefined)
        throw new OptionError(
          'E_OPTION_INVALID',
          '--model and --lm do not combine with --redis: the s2s workers hold the models, and the server serves the pairs they advertise',
          { option: '--redis' },
        );
      const { checkRedisUrl } = await import('../../workers/redis-connection.js');
      const { RedisBackend } = await import('../../server/redis-backend.js');
      checkRedisUrl(o.redis);
      let lastError = '';
      const onConnectionError = (err: Error): void => {
        if (err.message !== lastError) say(`redis: ${err.message} (reconnecting)`);
        lastError = err.message;
      };
      const redisTimeout = o['redis-timeout'];
      const remote = await RedisBackend.open(o.redis, {
        maxQueue,
        maxSourceTokens,
        timeoutMs: redisTimeout,
        retryAfter,
        onConnectionError,
      });
      backend = remote;
      served = () =>
        `the pairs the workers at ${o.redis} advertise (now: ${
          remote
            .pairs()
            .map((p) => `${p.source}-${p.target}`)
            .join(', ') || 'none'
        })`;
    } else {
      const { useBackend } = await import('../../lib/backend.js');
      const { loadServedModels, parseModelSpec } = await import('../../server/load-models.js');
      const { LocalBackend } = await import('../../server/local-backend.js');
      const backendName = await useBackend(o.backend as Parameters<typeof useBackend>[0]);
      const models = await loadServedModels(o.model.map(parseModelSpec), {
        languages: {
          ...(o['source-lang'] === undefined ? {} : { source: o['source-lang'] }),
          ...(o['target-lang'] === undefined ? {} : { target: o['target-lang'] }),
        },
        ...(o.lm === undefined ? {} : { lmPath: o.lm }),
      });
      backend = new LocalBackend(models, {
        batch: {
          maxTokens: o['max-tokens'],
          maxSentences: o['max-sentences'],
          maxWait: o['max-wait'],
        },
        maxQueue,
        maxServices: bounded['max-services'],
        maxSourceTokens,
        retryAfter,
        onBatch: metrics.observeBatch,
      });
      served = () =>
        `${models.map((m) => `${m.pair.source}-${m.pair.target}`).join(', ')} (backend ${backendName.name})`;
    }
    const app = await buildServer(
      backend,
      {
        limits,
        decodeDefaults,
        ...(apiKeys === undefined ? {} : { apiKeys }),
        ...(o.web === undefined ? {} : { webDir: o.web }),
        ...(io.log === undefined ? { log: io.stderr } : { log: logStream(io) }),
      },
      metrics,
    );
    closeOnSignals(app, { say, timeoutMs: bounded['shutdown-timeout'] });
    const address = await app.listen({ host: o.host, port: o.port });
    say(`${served()} on ${address}; SIGTERM/Ctrl-C to stop`);
    await new Promise<void>((resolve) => app.server.once('close', () => resolve()));
    return 0;
  },
});
