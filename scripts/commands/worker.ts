/**
 * `s2s worker --redis URL --model FILE [--model FILE…]`: a translation worker of the Redis Streams pool (see
 * workers/translation-worker.ts). Serves the language pair of each model (`en-es` for `en-es.s2s`, or `PAIR=FILE`).
 * SIGTERM or SIGINT: stop reading, answer and acknowledge what is held, exit 0.
 */
import { hostname } from 'node:os';
import { defineCommand } from '../cli/command.js';
import { OptionError } from '../../lib/errors.js';
import type { OptionsSpec } from '../cli/args.js';

const OPTIONS = {
  redis: { type: 'string', required: true, description: 'Redis URL, e.g. redis://10.0.0.5:6379' },
  model: { type: 'strings', alias: 'm', description: 'translation model; repeat for several pairs; the pair is the file name without .s2s, or PAIR=FILE' },
  concurrency: { type: 'number', default: 1, description: 'batches decoded at once' },
  prefetch: { type: 'number', default: 64, description: 'requests held at once (read ahead of the model)' },
  'max-tokens': { type: 'number', default: 2048, description: 'padded source tokens per batch' },
  'max-sentences': { type: 'number', default: 64, description: 'sentences per batch' },
  'max-wait': { type: 'number', default: 20, description: 'ms a sentence may wait for its batch to fill' },
  'claim-idle': { type: 'number', default: 30_000, description: 'ms after which a request held by a silent (dead) worker is taken over' },
  'max-deliveries': { type: 'number', default: 3, description: 'deliveries after which a request goes to the dead-letter stream' },
  prefix: { type: 'string', default: 's2s', description: 'Redis key prefix shared with the clients' },
  name: { type: 'string', description: 'consumer name in the group (default host:pid)' },
} as const satisfies OptionsSpec;

export const workerCommand = defineCommand({
  path: ['worker'],
  summary: 'serve translation requests from Redis Streams (one of many workers on many machines)',
  usage: '--redis URL --model FILE [--model FILE…] [--concurrency N]',
  details: 'Examples:\n  s2s worker --redis redis://10.0.0.5:6379 --model en-es.s2s\n  s2s translate --redis redis://10.0.0.5:6379 --model en-es < in.txt > out.txt',
  options: OPTIONS,
  async run({ options: o }, io) {
    for (const [name, value] of [['concurrency', o.concurrency], ['prefetch', o.prefetch], ['max-deliveries', o['max-deliveries']], ['claim-idle', o['claim-idle']]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new OptionError('E_OPTION_INVALID', `--${name} must be an integer ≥ 1, got ${value}`);
    }
    if (o.model.length === 0) throw new OptionError('E_OPTION_MISSING', 'worker: give at least one --model FILE (the pairs this worker serves)', { option: '--model' });
    const { modelPair, StreamKeys } = await import('../../workers/protocol.js');
    const { checkRedisUrl, connectRedis } = await import('../../workers/redis-connection.js');
    const { openTranslator } = await import('../../lib/models/open-translator.js');
    const { WorkerServices } = await import('../../workers/worker-services.js');
    const { TranslationWorker } = await import('../../workers/translation-worker.js');
    const { testCrashMarker } = await import('../../workers/test-crash-hook.js');
    checkRedisUrl(o.redis);
    const models = new Map<string, Awaited<ReturnType<typeof openTranslator>>>();
    for (const arg of o.model) {
      const { pair, file } = modelPair(arg);
      if (models.has(pair)) throw new OptionError('E_OPTION_INVALID', `two --model arguments serve the pair "${pair}"; name them PAIR=FILE`);
      models.set(pair, await openTranslator(file, o.backend === undefined ? {} : { backend: o.backend as 'auto' }));
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
    const services = new WorkerServices(models, { batch: { maxTokens: o['max-tokens'], maxSentences: o['max-sentences'], maxWait: o['max-wait'] }, concurrency: o.concurrency });
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
    const stop = (signal: string): void => {
      log(`worker ${consumer}: ${signal}: finishing ${worker.held} held request(s), then exiting`);
      worker.stop();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    log(`worker ${consumer}: serving ${[...models.keys()].join(', ')} from ${o.redis}`);
    try {
      await worker.run();
    } finally {
      services.close();
      reader.disconnect();
      await redis.quit().catch(() => undefined);
    }
    log(`worker ${consumer}: stopped`);
    return 0;
  },
});
