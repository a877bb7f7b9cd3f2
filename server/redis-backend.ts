/**
 * The `TranslationBackend` of `s2s serve --redis URL`: an HTTP front end with no model of its own. The lines of a
 * request go to the `s2s worker` pool as `s2s translate --redis` sends them (one `RedisTranslationClient` per pair,
 * the request's decoding options, n-best, alignment and `maxSourceTokens` travelling with every line), so an answer
 * equals what a local `s2s serve` gives with the same options.
 *
 * Pairs: the workers advertise theirs (workers/worker-adverts.ts); the backend reads the adverts every `refreshMs`,
 * so `/languages` and routing follow workers that start and stop (a killed worker's pairs vanish after the advert's
 * TTL). Several streams advertising one language pair: the one named `src-tgt`, else the first by name.
 *
 * Failures a client sees: a pair no worker advertises → 400 (`E_PAIR_UNSUPPORTED`, from routing); no pair at all →
 * 503 (`E_NO_PAIRS`); no worker answering for `timeoutMs` while lines wait (pool gone, stuck, or Redis down) → 503
 * `E_NO_WORKER` with `Retry-After`, the call's unanswered requests deleted. `status()` says whether Redis is reachable
 * (`/ready` is 503 while it is not).
 */
import { catchError, defer, finalize, from, tap, throwError, type Observable, type ObservableInput } from 'rxjs';
import type { Redis } from 'ioredis';
import { S2SError } from '../lib/errors.js';
import type { TranslationResult } from '../pipelines/translate.js';
import type { LineInput } from '../pipelines/types.js';
import { StreamKeys, type RemoteTranslateOptions } from '../workers/protocol.js';
import { connectRedis } from '../workers/redis-connection.js';
import { RedisTranslationClient } from '../workers/redis-translation-client.js';
import { readAdverts, type WorkerAdvert } from '../workers/worker-adverts.js';
import {
  pairName,
  type BackendLoad,
  type BackendStatus,
  type LanguagePair,
  type PairInfo,
  type TranslateCall,
  type TranslationBackend,
} from './backend.js';
import { RequestError } from './errors.js';

export interface RedisBackendOptions {
  /** Key prefix shared with the workers (default `s2s`). */
  prefix?: string;
  /** Lines in flight at most, all requests together; requests beyond get 503 + `Retry-After`. */
  maxQueue: number;
  /** Lines longer than this many source tokens are cut by the worker (as `s2s serve`, `s2s translate`). */
  maxSourceTokens: number;
  /** A request fails with 503 when no worker answers for this long while its lines wait. */
  timeoutMs: number;
  /** Seconds for `Retry-After`. */
  retryAfter: number;
  /** How often the workers' adverts are read (default 1000 ms). */
  refreshMs?: number;
  /** Connection problems (the connections keep retrying). */
  onConnectionError?: (err: Error) => void;
}

/** Longest wait for the first read of the adverts (Redis may be down; the backend then starts with no pair). */
const FIRST_READ_MS = 2000;

export class RedisBackend implements TranslationBackend {
  readonly #keys: StreamKeys;
  readonly #redis: Redis;
  /** Served pairs, and the request stream of each (`en-es` → `en-es`). */
  #pairs: PairInfo[] = [];
  #streams = new Map<string, string>();
  readonly #clients = new Map<string, RedisTranslationClient>();
  #queued = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(
    private readonly url: string,
    private readonly options: RedisBackendOptions,
  ) {
    this.#keys = new StreamKeys(options.prefix);
    this.#redis = connectRedis(url, {
      name: 's2s-serve',
      ...(options.onConnectionError === undefined ? {} : { onError: options.onConnectionError }),
    });
  }

  /** Connects, reads the adverts once (waiting at most 2 s) and keeps reading them. */
  static async open(url: string, options: RedisBackendOptions): Promise<RedisBackend> {
    const backend = new RedisBackend(url, options);
    await Promise.race([backend.refresh(), new Promise((resolve) => setTimeout(resolve, FIRST_READ_MS).unref())]);
    backend.#timer = setInterval(() => void backend.refresh(), options.refreshMs ?? 1000);
    return backend;
  }

  /** Reads the adverts now (a failed read keeps the last known pairs). */
  async refresh(): Promise<void> {
    let adverts: WorkerAdvert[];
    try {
      adverts = await readAdverts(this.#redis, this.#keys);
    } catch {
      return;
    }
    const streams = new Map<string, string>();
    const infos = new Map<string, PairInfo>();
    const sorted = adverts
      .flatMap((a) => a.pairs)
      .sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
    for (const p of sorted) {
      if (typeof p.source !== 'string' || typeof p.target !== 'string' || typeof p.stream !== 'string') continue;
      const name = pairName({ source: p.source, target: p.target });
      if (!streams.has(name) || p.stream === name) streams.set(name, p.stream);
      infos.set(name, { source: p.source, target: p.target, lm: false });
    }
    this.#streams = streams;
    this.#pairs = [...infos.keys()].sort().map((name) => infos.get(name)!);
  }

  pairs(): readonly PairInfo[] {
    return this.#pairs;
  }

  load(): BackendLoad {
    return { queued: this.#queued, capacity: this.options.maxQueue };
  }

  status(): BackendStatus {
    const state = this.#redis.status;
    return { ok: state === 'ready', details: { redis: state === 'ready' ? 'connected' : `not connected (${state})` } };
  }

  translate(pair: LanguagePair, lines: ObservableInput<LineInput>, call: TranslateCall): Observable<TranslationResult> {
    const stream = this.#streams.get(pairName(pair));
    if (stream === undefined || this.#closed) {
      throw new RequestError(
        400,
        'E_PAIR_UNSUPPORTED',
        `no worker serves ${pairName(pair)} now; served: ${[...this.#streams.keys()].join(', ') || 'none'}`,
        { details: { pair } },
      );
    }
    if (call.options.lmWeight > 0)
      throw new RequestError(400, 'E_OPTION_INVALID', 'lmWeight > 0 needs a language model, and workers load none');
    const remote: RemoteTranslateOptions = {
      decode: call.options,
      nbest: call.options.nBest,
      alignment: call.options.alignment !== 'none',
      maxSourceTokens: this.options.maxSourceTokens,
    };
    const client = this.#client(stream, remote);
    return defer(() => {
      let mine = 0;
      const counted = from(lines).pipe(tap(() => (mine++, this.#queued++)));
      return client
        .translate(counted, { options: remote, ...(call.signal === undefined ? {} : { signal: call.signal }) })
        .pipe(
          tap(() => (mine--, this.#queued--)),
          catchError((err: unknown) =>
            throwError(() =>
              err instanceof S2SError && err.code === 'E_NO_WORKER'
                ? new RequestError(503, 'E_NO_WORKER', err.message, {
                    retryAfter: this.options.retryAfter,
                    details: { pair },
                  })
                : err,
            ),
          ),
          finalize(() => (this.#queued -= mine)),
        );
    });
  }

  /** The client of a request stream, made on first use. */
  #client(stream: string, options: RemoteTranslateOptions): RedisTranslationClient {
    let client = this.#clients.get(stream);
    if (client === undefined) {
      client = new RedisTranslationClient(this.url, {
        pair: stream,
        options,
        timeoutMs: this.options.timeoutMs,
        ...(this.options.prefix === undefined ? {} : { prefix: this.options.prefix }),
        ...(this.options.onConnectionError === undefined ? {} : { onConnectionError: this.options.onConnectionError }),
      });
      this.#clients.set(stream, client);
    }
    return client;
  }

  /** Closes the clients and the connection; called after the last accepted request was answered. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await Promise.all([...this.#clients.values()].map((c) => c.close()));
    this.#clients.clear();
    this.#redis.disconnect();
  }
}
