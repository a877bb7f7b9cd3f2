/**
 * `s2s worker --redis URL --model FILE [--model FILE…]`: a translation worker of the Redis Streams pool (see
 * workers/translation-worker.ts). Serves the language pair of each model (`en-es` for `en-es.s2s`, or `PAIR=FILE`)
 * and advertises the pairs, with the checkpoints' language codes, for `s2s serve --redis` (workers/worker-adverts.ts).
 * SIGTERM or SIGINT: stop reading, answer and acknowledge what is held, exit 0.
 */
import { hostname } from 'node:os';
import { defineCommand } from '../cli/command.js';
import { workerMeta } from './worker.meta.js';
import { OptionError } from '../../lib/errors.js';
import { checkBounded, MAX_TIMER_MS, type Bounds } from '../../lib/util/bounds.js';
import { checkPipelineOptions } from '../cli/pipeline-options.js';

/** Bounds of the worker's own flags (the batch flags are `PIPELINE_BOUNDS`), checked before Redis or a model is touched. */
export const WORKER_BOUNDS = {
  prefetch: { min: 1, max: 1 << 16, reason: 'requests held in memory at once' },
  'max-deliveries': { min: 1, max: 1000, reason: 'tries of one request before the dead-letter stream' },
  // at least 100 ms: the heartbeat that keeps a live worker's requests runs every claim-idle / 3
  'claim-idle': { min: 100, max: MAX_TIMER_MS, reason: 'ms of silence after which a request is taken over' },
} as const satisfies Record<string, Bounds>;

export const workerCommand = defineCommand({
  ...workerMeta,
  async run({ options: o }, io) {
    checkPipelineOptions({
      'max-tokens': o['max-tokens'],
      'max-sentences': o['max-sentences'],
      'max-wait': o['max-wait'],
      concurrency: o.concurrency,
    });
    for (const [flag, bounds] of Object.entries(WORKER_BOUNDS) as [keyof typeof WORKER_BOUNDS, Bounds][])
      checkBounded(`--${flag}`, o[flag], bounds);
    if (o.model.length === 0)
      throw new OptionError(
        'E_OPTION_MISSING',
        'worker: give at least one --model FILE (the pairs this worker serves)',
        { option: '--model' },
      );
    const { modelPair, StreamKeys } = await import('../../workers/protocol.js');
    const { checkRedisUrl, connectRedis } = await import('../../workers/redis-connection.js');
    const { openTranslator } = await import('../../lib/models/open-translator.js');
    const { WorkerServices } = await import('../../workers/worker-services.js');
    const { TranslationWorker } = await import('../../workers/translation-worker.js');
    const { testCrashMarker } = await import('../../workers/test-crash-hook.js');
    const { advertisedPair, WorkerAdvertiser } = await import('../../workers/worker-adverts.js');
    const { loadCheckpoint } = await import('../../lib/io/checkpoint-file.js');
    const { languagesOf } = await import('../../lib/io/language-codes.js');
    checkRedisUrl(o.redis);
    const models = new Map<string, Awaited<ReturnType<typeof openTranslator>>>();
    const pairs: ReturnType<typeof advertisedPair>[] = [];
    for (const arg of o.model) {
      const { pair, file } = modelPair(arg);
      if (models.has(pair))
        throw new OptionError(
          'E_OPTION_INVALID',
          `two --model arguments serve the pair "${pair}"; name them PAIR=FILE`,
        );
      pairs.push(advertisedPair(pair, languagesOf(await loadCheckpoint(file, { expectKind: 'seq2seq' }))));
      models.set(
        pair,
        await openTranslator(file, {
          engine: 'tfjs',
          ...(o.backend === undefined ? {} : { backend: o.backend as 'auto' }),
        }),
      );
    }
    const consumer = o.name ?? `${hostname()}:${process.pid}`;
    const log = (line: string): void => void io.stderr.write(`${line}\n`);
    let lastConnectionError = '';
    const onError = (err: Error): void => {
      if (err.message !== lastConnectionError) log(`worker ${consumer}: redis: ${err.message} (reconnecting)`);
      lastConnectionError = err.message;
    };
    const redis = connectRedis(o.redis, { name: consumer, onError });
    const reader = connectRedis(o.redis, { name: `${consumer}:reader`, onError });
    redis.on('ready', () => (lastConnectionError = ''));
    const services = new WorkerServices(models, {
      batch: { maxTokens: o['max-tokens'], maxSentences: o['max-sentences'], maxWait: o['max-wait'] },
      concurrency: o.concurrency,
    });
    const crashOn = testCrashMarker();
    const worker = new TranslationWorker(redis, reader, services, {
      keys: new StreamKeys(o.prefix),
      consumer,
      prefetch: o.prefetch,
      claimIdleMs: o['claim-idle'],
      maxDeliveries: o['max-deliveries'],
      log,
      ...(crashOn === undefined ? {} : { crashOn }),
    });
    // What this worker serves, for front ends (`s2s serve --redis`); withdrawn as soon as it stops reading.
    const advertiser = new WorkerAdvertiser(redis, new StreamKeys(o.prefix), { worker: consumer, pairs });
    const stop = (signal: string): void => {
      log(`worker ${consumer}: ${signal}: finishing ${worker.held} held request(s), then exiting`);
      worker.stop();
      void advertiser.withdraw();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    const described = pairs.map((p) =>
      p.source === undefined || p.target === undefined
        ? `${p.stream} (no language codes: not routable by serve --redis)`
        : p.stream === `${p.source}-${p.target}`
          ? p.stream
          : `${p.stream} (${p.source}-${p.target})`,
    );
    log(`worker ${consumer}: serving ${described.join(', ')} from ${o.redis}`);
    advertiser.start();
    try {
      await worker.run();
    } finally {
      await advertiser.withdraw();
      services.close();
      reader.disconnect();
      await redis.quit().catch(() => undefined);
    }
    log(`worker ${consumer}: stopped`);
    return 0;
  },
});
