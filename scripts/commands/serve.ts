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
import { checkBounded } from '../../lib/util/bounds.js';
import { checkPipelineOptions } from '../cli/pipeline-options.js';

/** One day: the longest delay a timer flag takes (a longer one overflows setTimeout's 2^31 − 1 ms and fires at once). */
const MAX_DELAY_MS = 86_400_000;

function positiveInteger(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new OptionError('E_OPTION_INVALID', `${option} must be an integer ≥ 1, got ${value}`, { option });
  return value;
}

export const serveCommand = defineCommand({
  ...serveMeta,
  async run(args, io) {
    const o = args.options;
    const decodeDefaults = decodeOptionsFrom(o);
    // the batch flags are translate's and worker's: the same bounds (a request's beam is at most --max-beam-size)
    checkPipelineOptions(
      {
        'max-tokens': o['max-tokens'],
        'max-sentences': o['max-sentences'],
        'max-wait': o['max-wait'],
        'max-source-tokens': o['max-source-tokens'],
        'redis-timeout': o['redis-timeout'],
      },
      o['max-beam-size'],
    );
    const shutdownTimeout = checkBounded('--shutdown-timeout', o['shutdown-timeout'], {
      min: 0,
      max: MAX_DELAY_MS,
      reason: 'ms to finish the accepted work on SIGTERM; 0 = no deadline',
    });
    const limits = {
      bodyLimit: positiveInteger(o['body-limit'], '--body-limit'),
      maxLines: positiveInteger(o['max-lines'], '--max-lines'),
      maxChars: positiveInteger(o['max-chars'], '--max-chars'),
      maxBeamSize: positiveInteger(o['max-beam-size'], '--max-beam-size'),
      retryAfter: positiveInteger(o['retry-after'], '--retry-after'),
      // at least 100 ms (a real client's round trip)
      idleTimeout: checkBounded('--idle-timeout', o['idle-timeout'], {
        min: 100,
        max: MAX_DELAY_MS,
        reason: 'ms a connection may stay silent before its request is in, or between requests',
      }),
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
    const maxQueue = positiveInteger(o['max-queue'], '--max-queue');
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
        maxServices: positiveInteger(o['max-services'], '--max-services'),
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
    closeOnSignals(app, { say, timeoutMs: shutdownTimeout });
    const address = await app.listen({ host: o.host, port: o.port });
    say(`${served()} on ${address}; SIGTERM/Ctrl-C to stop`);
    await new Promise<void>((resolve) => app.server.once('close', () => resolve()));
    return 0;
  },
});
