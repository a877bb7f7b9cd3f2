/**
 * What every worker spec sets up and tears down: a real `redis-server` with a plain connection to it, the
 * `s2s worker` processes and the client the test starts, and whatever else it registers. Use it from mocha hooks:
 *
 * @example
 * const pool = new WorkerPool();
 * before(() => pool.setUp());
 * after(() => pool.tearDown());
 * it('…', async () => {
 *   const worker = await pool.startWorker('w1');
 *   const client = pool.startClient({ timeoutMs: 30_000 });
 * });
 */
import { Redis } from 'ioredis';
import { resolveDecodeOptions } from '../../lib/decode/options.js';
import { RedisTranslationClient, type RedisTranslationClientOptions } from '../../workers/redis-translation-client.js';
import { RedisServer } from './redis-server.js';
import { WorkerProcess } from './worker-process.js';

export class WorkerPool {
  #server: RedisServer | undefined;
  #redis: Redis | undefined;
  /** Every worker started through `startWorker` (killed by `tearDown`). */
  readonly workers: WorkerProcess[] = [];
  /** The test's client, closed by `tearDown`. */
  client: RedisTranslationClient | undefined;
  /** More clean-ups, run first by `tearDown` (latest first). */
  readonly #cleanups: (() => unknown)[] = [];

  /** @param appendOnly Turn Redis's AOF on (a restart then keeps the streams). */
  constructor(private readonly appendOnly = false) {}

  get server(): RedisServer {
    if (this.#server === undefined) throw new Error('WorkerPool: call setUp() first (in a before hook)');
    return this.#server;
  }

  /** A plain connection for inspecting the streams. */
  get redis(): Redis {
    if (this.#redis === undefined) throw new Error('WorkerPool: call setUp() first (in a before hook)');
    return this.#redis;
  }

  get url(): string {
    return this.server.url;
  }

  async setUp(): Promise<void> {
    this.#server = await RedisServer.start(this.appendOnly);
    this.#redis = new Redis(this.#server.url);
    this.#redis.on('error', () => undefined); // refused while a spec restarts Redis; it reconnects by itself
  }

  /** Starts `s2s worker` on this Redis (see `WorkerProcess.start`). */
  async startWorker(name: string, args: string[] = [], env: Record<string, string> = {}): Promise<WorkerProcess> {
    const worker = await WorkerProcess.start(this.url, name, args, env);
    this.workers.push(worker);
    return worker;
  }

  /** Registers a clean-up for `tearDown` (e.g. stop a supervisor, kill a server process). */
  onTearDown(cleanup: () => unknown): void {
    this.#cleanups.push(cleanup);
  }

  /**
   * The test's client for the `en-es` workers with greedy decoding (the options of `localTranslations`), kept as
   * `client` so that `tearDown` closes it; `overrides` replace any option.
   */
  startClient(overrides: Partial<RedisTranslationClientOptions> = {}): RedisTranslationClient {
    this.client = new RedisTranslationClient(this.url, {
      pair: 'en-es',
      options: { decode: resolveDecodeOptions({ beamSize: 1 }) },
      ...overrides,
    });
    return this.client;
  }

  /** Runs the clean-ups, closes the client, SIGKILLs the workers still running, stops Redis and removes its files. */
  async tearDown(): Promise<void> {
    for (const cleanup of this.#cleanups.reverse()) await cleanup();
    await this.client?.close();
    for (const worker of this.workers) worker.kill('SIGKILL');
    await Promise.all(this.workers.map((w) => w.exited));
    this.#redis?.disconnect();
    await this.#server?.destroy();
  }
}
