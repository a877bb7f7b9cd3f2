/**
 * The client side of the worker pool: `translate(lines, options)` has the shape of `TranslationService.translate`
 * — lines (strings, `{ id, text }` records or failed inputs) in, one `TranslationResult` per line out, in input
 * order — but the lines are translated by whichever `s2s worker`s serve the pair, on any machine.
 *
 * Each line becomes one entry of the pair's request stream (`XADD … MAXLEN ~`); results come back on this client's
 * reply stream, read by one blocking `XREAD` loop shared by all calls. A result whose line was already answered
 * (a request redelivered after its worker died) is dropped, so every line is emitted exactly once. At most
 * `maxInFlight` lines of a call are between input and output (`boundInFlight`); when no result arrives for
 * `timeoutMs` while lines wait, the call fails with `E_NO_WORKER`.
 *
 * @example
 * const client = new RedisTranslationClient('redis://10.0.0.5:6379', { pair: 'en-es', options: { decode } });
 * client.translate(['Hello.', 'Good night.']).subscribe((r) => console.log(r.data.ok ? r.data.value.text : r.data.error));
 * await client.close();
 */
import { randomUUID } from 'node:crypto';
import { from, Observable, type ObservableInput, type OperatorFunction } from 'rxjs';
import type { Redis } from 'ioredis';
import { S2SError } from '../lib/errors.js';
import { boundInFlight } from '../pipelines/bound-in-flight.js';
import { Credits } from '../pipelines/credits.js';
import { numberLines } from '../pipelines/number-lines.js';
import type { TranslationResult } from '../pipelines/translate.js';
import type { LineInput } from '../pipelines/types.js';
import { WorkerPoolError } from './errors.js';
import { parseReply, requestFields, StreamKeys, type RemoteTranslateOptions, type ReplyEntry } from './protocol.js';
import { connectRedis } from './redis-connection.js';

export interface RedisTranslationClientOptions {
  /** Language pair served by the workers (`en-es` for workers started with `--model en-es.s2s`). */
  pair: string;
  /** Decoding options sent with every line. */
  options: RemoteTranslateOptions;
  /** Key prefix shared with the workers (default `s2s`). */
  prefix?: string;
  /** Lines of one call between input and output (default 256). */
  maxInFlight?: number;
  /** Fail a call when no result arrives for this long while lines wait (default 60 000 ms). */
  timeoutMs?: number;
  /** Approximate bound of the request stream (default 1 000 000; must exceed all clients' lines in flight). */
  requestMaxLen?: number;
  /** Connection problems (the client keeps reconnecting). */
  onConnectionError?: (err: Error) => void;
}

export interface RemoteCallOptions {
  /** Aborting cancels the call (`E_ABORTED`); its unanswered requests are deleted. */
  signal?: AbortSignal;
  /** The credit window to use (share it with a credit-aware source and sink for end-to-end backpressure). */
  credits?: Credits;
  /** Decoding options for this call's lines instead of the client's (`s2s serve --redis`: per-request options). */
  options?: RemoteTranslateOptions;
}

/** Longest blocking read of the reply loop (bounds how long `close()` waits). */
const BLOCK_MS = 1000;

export class RedisTranslationClient {
  /** Unique id of this client (its reply stream is `<prefix>:replies:<id>`). */
  readonly id = randomUUID();
  readonly pair: string;
  readonly #keys: StreamKeys;
  readonly #redis: Redis;
  readonly #reader: Redis;
  /** Reply handlers of the calls in progress, by call id. */
  readonly #calls = new Map<string, (reply: ReplyEntry) => void>();
  #nextCall = 0;
  #readLoop: Promise<void> | undefined;
  #closed = false;
  /** The latest connection error (Redis down, refused…), for the timeout's message. */
  #connectionError: Error | undefined;

  constructor(
    url: string,
    private readonly options: RedisTranslationClientOptions,
  ) {
    this.pair = options.pair;
    this.#keys = new StreamKeys(options.prefix);
    const onError = (err: Error): void => {
      this.#connectionError = err;
      options.onConnectionError?.(err);
    };
    this.#redis = connectRedis(url, { name: `s2s-client:${this.id}`, onError });
    this.#reader = connectRedis(url, { name: `s2s-client-reader:${this.id}`, onError });
  }

  /** Translates lines remotely; one result per line, in input order. Cold: nothing is sent until subscribed. */
  translate(lines: ObservableInput<LineInput>, call: RemoteCallOptions = {}): Observable<TranslationResult> {
    return new Observable<TranslationResult>((subscriber) => {
      if (this.#closed) {
        subscriber.error(new S2SError('E_SERVICE_CLOSED', 'RedisTranslationClient: translate() called after close()'));
        return undefined;
      }
      const credits = call.credits ?? new Credits(this.options.maxInFlight ?? 256);
      const subscription = from(lines)
        .pipe(boundInFlight(this.#remoteLines(call.options ?? this.options.options), { credits }))
        .subscribe({
          next: (r) => subscriber.next(r),
          error: (err: unknown) => subscriber.error(err),
          complete: () => subscriber.complete(),
        });
      const onAbort = (): void => {
        subscription.unsubscribe();
        subscriber.error(new S2SError('E_ABORTED', 'RedisTranslationClient: the call was aborted by its AbortSignal'));
      };
      if (call.signal?.aborted) onAbort();
      else call.signal?.addEventListener('abort', onAbort, { once: true });
      return () => {
        call.signal?.removeEventListener('abort', onAbort);
        subscription.unsubscribe();
      };
    });
  }

  /** Lines → requests; replies → results in input order (unbounded by itself: `translate` bounds it). */
  #remoteLines(options: RemoteTranslateOptions): OperatorFunction<LineInput, TranslationResult> {
    return (lines) =>
      new Observable<TranslationResult>((subscriber) => {
        const callId = String(this.#nextCall++);
        // Lines sent and not answered yet: their id, text and stream entry id (once XADD returned).
        const waiting = new Map<number, { id: string | number; source: string; entryId?: string }>();
        // Answered lines not yet emitted (an earlier line is still waiting).
        const done = new Map<number, TranslationResult>();
        let nextEmit = 0;
        let inputDone = false;
        let lastProgress = Date.now();
        const requests = this.#keys.requests(this.pair);
        const reply = this.#keys.replies(this.id);

        // True while flush emits: emitting a result frees a credit, which may admit the next line or complete the
        // input synchronously and so call flush again; that call returns and this loop emits what it added, in order.
        let flushing = false;
        const flush = (): void => {
          if (flushing) return;
          flushing = true;
          for (let r = done.get(nextEmit); r !== undefined; r = done.get(nextEmit)) {
            done.delete(nextEmit++);
            subscriber.next(r);
          }
          flushing = false;
          if (inputDone && waiting.size === 0 && done.size === 0) subscriber.complete();
        };
        this.#calls.set(callId, (answer) => {
          const line = waiting.get(answer.seq);
          if (line === undefined) return; // a duplicate (redelivered request) or a line of a cancelled call
          waiting.delete(answer.seq);
          lastProgress = Date.now();
          done.set(answer.seq, { seq: answer.seq, id: line.id, source: line.source, data: answer.result });
          flush();
        });
        this.#startReading();

        const timeoutMs = this.options.timeoutMs ?? 60_000;
        const watchdog = setInterval(
          () => {
            if (waiting.size === 0 || Date.now() - lastProgress < timeoutMs) return;
            const unreachable = this.#redis.status !== 'ready';
            subscriber.error(
              new WorkerPoolError(
                'E_NO_WORKER',
                unreachable
                  ? `no worker answered for ${timeoutMs} ms while ${waiting.size} line(s) waited: Redis is not reachable (${this.#connectionError?.message ?? this.#redis.status}); check the --redis URL and that redis-server runs there`
                  : `no worker answered for ${timeoutMs} ms while ${waiting.size} line(s) waited on ${requests}; start one with \`s2s worker --redis URL --model ${this.pair}.s2s\` (or raise the timeout)`,
                {
                  stream: requests,
                  waiting: waiting.size,
                  timeoutMs,
                  redisReachable: !unreachable,
                },
              ),
            );
          },
          Math.max(50, Math.min(1000, timeoutMs / 4)),
        );

        const input = lines.pipe(numberLines()).subscribe({
          next: (line) => {
            if (!line.data.ok) {
              done.set(line.seq, { seq: line.seq, id: line.origin.id, source: line.origin.paragraph, data: line.data });
              flush();
              return;
            }
            if (waiting.size === 0) lastProgress = Date.now();
            const entry = { id: line.origin.id, source: line.data.value } as {
              id: string | number;
              source: string;
              entryId?: string;
            };
            waiting.set(line.seq, entry);
            const fields = requestFields({
              id: `${this.id}:${callId}:${line.seq}`,
              reply,
              call: callId,
              seq: line.seq,
              text: line.data.value,
              options,
            });
            this.#redis.xadd(requests, 'MAXLEN', '~', this.options.requestMaxLen ?? 1_000_000, '*', ...fields).then(
              (entryId) => {
                if (entryId !== null) entry.entryId = entryId;
              },
              (err: unknown) => subscriber.error(err),
            );
          },
          error: (err: unknown) => subscriber.error(err),
          complete: () => {
            inputDone = true;
            flush();
          },
        });

        return () => {
          input.unsubscribe();
          clearInterval(watchdog);
          this.#calls.delete(callId);
          const unanswered = [...waiting.values()].flatMap((w) => (w.entryId === undefined ? [] : [w.entryId]));
          if (unanswered.length > 0) this.#redis.xdel(requests, ...unanswered).catch(() => undefined);
        };
      });
  }

  /** Starts the shared reply loop once. */
  #startReading(): void {
    this.#readLoop ??= this.#readReplies();
  }

  /** Reads this client's reply stream and hands each reply to its call; read entries are trimmed away. */
  async #readReplies(): Promise<void> {
    const key = this.#keys.replies(this.id);
    let last = '0-0';
    while (!this.#closed) {
      try {
        const read = (await this.#reader.xread('COUNT', 512, 'BLOCK', BLOCK_MS, 'STREAMS', key, last)) as
          [string, [string, string[]][]][] | null;
        const entries = read?.[0]?.[1] ?? [];
        for (const [entryId, fields] of entries) {
          last = entryId;
          const answer = parseReply(fields);
          if (answer !== undefined) this.#calls.get(answer.call)?.(answer);
        }
        if (entries.length > 0) await this.#redis.xtrim(key, 'MINID', last);
      } catch (err) {
        if (this.#closed) return;
        this.options.onConnectionError?.(err instanceof Error ? err : new Error(String(err)));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  /** Stops reading, deletes the reply stream (waiting at most a few seconds for Redis) and closes the connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#reader.disconnect();
    // A read queued while Redis is down never settles once the connection is closed: wait at most one block.
    await Promise.race([this.#readLoop, new Promise((resolve) => setTimeout(resolve, BLOCK_MS + 500).unref())]);
    const deleted = this.#redis.del(this.#keys.replies(this.id)).catch(() => undefined);
    await Promise.race([deleted, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    this.#redis.disconnect();
  }
}
