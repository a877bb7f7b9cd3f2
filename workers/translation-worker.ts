/**
 * A translation worker: a member of the Redis Streams consumer group `<prefix>:workers` on the request stream of
 * every pair it has a model for. It reads up to `prefetch` entries at once (`XREADGROUP … >`), translates each line
 * through its pair's `TranslationService` (so lines of different clients share batches), then in one MULTI writes
 * the result to the requester's reply stream, `XACK`s and `XDEL`s the request (the request stream holds only
 * unfinished work).
 *
 * At-least-once: an entry whose worker died stays in the group's pending list; after `claimIdleMs` without
 * activity any worker takes it over with `XAUTOCLAIM` (a live worker keeps its own entries fresh by re-claiming
 * them to itself, `XCLAIM … JUSTID`, which does not count as a delivery). A reclaimed entry is translated alone,
 * with nothing else held, so a request that crashes workers does not drag other lines down with it. When an entry
 * has been delivered more than `maxDeliveries` times it goes to the dead-letter stream and its client gets an
 * error result (`E_DEAD_LETTER`) for that line.
 *
 * `stop()` (SIGTERM): read nothing more, finish and acknowledge what is held, leave the group, resolve `run()`.
 */
import { firstValueFrom } from 'rxjs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Translation } from '../pipelines/translation.js';
import { failed, toFailure, type Outcome } from '../pipelines/types.js';
import { parseRequest, type RequestEntry } from './protocol.js';
import { ReplyWriter } from './reply-writer.js';
import { crashIfMarked } from './test-crash-hook.js';
import {
  resolveWorkerOptions,
  type ResolvedWorkerOptions,
  type TranslationWorkerOptions,
} from './translation-worker-options.js';
import type { WorkerServices } from './worker-services.js';

export type { TranslationWorkerOptions } from './translation-worker-options.js';

/** An entry being worked on. */
interface Held {
  key: string;
  entryId: string;
}

type StreamRead = [key: string, entries: [entryId: string, fields: string[]][]][] | null;
type AutoClaim = [next: string, entries: [entryId: string, fields: string[] | null][], deleted?: string[]];

export class TranslationWorker {
  readonly #held = new Map<string, Held>();
  /** Resolvers waiting for `#held` to shrink. */
  #waiters: (() => void)[] = [];
  #stopping = false;
  /** XAUTOCLAIM cursor per request stream. */
  readonly #cursors = new Map<string, string>();
  #lastReclaim = 0;
  readonly #streams: string[];
  readonly #o: ResolvedWorkerOptions;
  readonly #replies: ReplyWriter;

  /**
   * @param redis Connection for ordinary commands.
   * @param reader Connection for the blocking `XREADGROUP` (a blocked connection cannot serve other commands).
   */
  constructor(
    private readonly redis: Redis,
    private readonly reader: Redis,
    private readonly services: WorkerServices,
    options: TranslationWorkerOptions,
  ) {
    this.#o = resolveWorkerOptions(options);
    this.#replies = new ReplyWriter(redis, this.#o);
    this.#streams = services.pairs.map((pair) => this.#o.keys.requests(pair));
  }

  /** Entries held now. */
  get held(): number {
    return this.#held.size;
  }

  /** Stops reading; `run()` resolves once what is held is answered and acknowledged. */
  stop(): void {
    this.#stopping = true;
  }

  /** Serves until `stop()`. */
  async run(): Promise<void> {
    await this.#ensureGroups();
    const heartbeat = setInterval(() => void this.#refreshHeld(), Math.max(100, this.#o.claimIdleMs / 3));
    try {
      while (!this.#stopping) {
        try {
          if (await this.#reclaimOne()) continue;
          if (this.#held.size >= this.#o.prefetch) {
            await this.#heldBelow(this.#o.prefetch);
            continue;
          }
          await this.#readNew(this.#o.prefetch - this.#held.size);
        } catch (err) {
          if (String(err).includes('NOGROUP')) await this.#ensureGroups();
          else this.#o.log(`worker ${this.#o.consumer}: ${String(err)}; retrying`);
          await sleep(200);
        }
      }
      await this.#heldBelow(1);
    } finally {
      clearInterval(heartbeat);
    }
    await this.#leaveGroup();
  }

  /** Creates the group on each request stream (reading from the start, so requests sent before are served). */
  async #ensureGroups(): Promise<void> {
    for (const key of this.#streams) {
      await this.redis.xgroup('CREATE', key, this.#o.keys.group, '0', 'MKSTREAM').catch((err: unknown) => {
        if (!String(err).includes('BUSYGROUP')) throw err;
      });
    }
  }

  async #readNew(count: number): Promise<void> {
    const ids = this.#streams.map(() => '>');
    const read = (await this.reader.xreadgroup(
      'GROUP',
      this.#o.keys.group,
      this.#o.consumer,
      'COUNT',
      count,
      'BLOCK',
      this.#o.blockMs,
      'STREAMS',
      ...this.#streams,
      ...ids,
    )) as StreamRead;
    for (const [key, entries] of read ?? [])
      for (const [entryId, fields] of entries) this.#start(key, entryId, fields, 1);
  }

  /**
   * Takes over at most one entry left idle by a dead worker (`XAUTOCLAIM … COUNT 1`, walking each stream's pending
   * list with a cursor), waits until nothing else is held, and handles it alone. At most every `claimIdleMs / 4`
   * while nothing is found.
   */
  async #reclaimOne(): Promise<boolean> {
    if (Date.now() - this.#lastReclaim < this.#o.claimIdleMs / 4) return false;
    for (const key of this.#streams) {
      const cursor = this.#cursors.get(key) ?? '0-0';
      const [next, entries, deleted = []] = (await this.redis.xautoclaim(
        key,
        this.#o.keys.group,
        this.#o.consumer,
        this.#o.claimIdleMs,
        cursor,
        'COUNT',
        1,
      )) as AutoClaim;
      this.#cursors.set(key, next);
      for (const id of deleted)
        this.#o.log(
          `worker ${this.#o.consumer}: pending entry ${id} of ${key} was trimmed from the stream before it was answered (raise the stream bound)`,
        );
      const claimed = entries[0];
      if (claimed === undefined || claimed[1] === null) continue;
      const [entryId, fields] = claimed;
      if (this.#held.has(`${key}\n${entryId}`)) continue;
      const deliveries = await this.#deliveries(key, entryId);
      this.#o.log(`worker ${this.#o.consumer}: reclaimed ${key} ${entryId} (delivery ${deliveries})`);
      await this.#heldBelow(1);
      this.#start(key, entryId, fields, deliveries);
      await this.#heldBelow(1);
      return true;
    }
    this.#lastReclaim = Date.now();
    return false;
  }

  /** How many times the group has delivered an entry (from the pending list). */
  async #deliveries(key: string, entryId: string): Promise<number> {
    const rows = (await this.redis.xpending(key, this.#o.keys.group, entryId, entryId, 1)) as [
      string,
      string,
      number,
      number,
    ][];
    return rows[0]?.[3] ?? 1;
  }

  /** Handles an entry in the background, holding it until answered. */
  #start(key: string, entryId: string, fields: string[], deliveries: number): void {
    const heldKey = `${key}\n${entryId}`;
    this.#held.set(heldKey, { key, entryId });
    void this.#handle(key, entryId, fields, deliveries)
      .catch((err: unknown) =>
        this.#o.log(`worker ${this.#o.consumer}: ${entryId} left pending for another try: ${toFailure(err).message}`),
      )
      .finally(() => {
        this.#held.delete(heldKey);
        const waiters = this.#waiters;
        this.#waiters = [];
        for (const wake of waiters) wake();
      });
  }

  async #handle(key: string, entryId: string, fields: string[], deliveries: number): Promise<void> {
    let request: RequestEntry;
    try {
      request = parseRequest(fields);
    } catch (err) {
      await this.#replies.deadLetter(key, entryId, fields, deliveries, `malformed request: ${String(err)}`, undefined);
      return;
    }
    if (deliveries > this.#o.maxDeliveries) {
      await this.#replies.deadLetter(
        key,
        entryId,
        fields,
        deliveries,
        `delivered ${deliveries} times (limit ${this.#o.maxDeliveries}); each worker holding it stopped before answering`,
        request,
      );
      return;
    }
    crashIfMarked(request.text, this.#o.crashOn);
    let result: Outcome<Translation>;
    try {
      const service = this.services.get(this.#o.keys.pairOf(key), request.options);
      result = (await firstValueFrom(service.translate([request.text]))).data;
    } catch (err) {
      result = failed(err);
    }
    await this.#replies.answer(key, entryId, request, result);
  }

  /** Keeps held entries from looking idle to other workers (re-claim to self; not counted as a delivery). */
  async #refreshHeld(): Promise<void> {
    const byKey = new Map<string, string[]>();
    for (const { key, entryId } of this.#held.values()) byKey.set(key, [...(byKey.get(key) ?? []), entryId]);
    for (const [key, ids] of byKey) {
      await this.redis
        .xclaim(key, this.#o.keys.group, this.#o.consumer, 0, ...ids, 'JUSTID')
        .catch((err: unknown) => this.#o.log(`worker ${this.#o.consumer}: heartbeat: ${toFailure(err).message}`));
    }
  }

  /** Resolves once fewer than `n` entries are held. */
  async #heldBelow(n: number): Promise<void> {
    while (this.#held.size >= n) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** Leaves the group if nothing is pending under this consumer's name (else the entries stay for others to claim). */
  async #leaveGroup(): Promise<void> {
    for (const key of this.#streams) {
      const pending = (await this.redis.xpending(key, this.#o.keys.group, '-', '+', 1, this.#o.consumer)) as unknown[];
      if (pending.length === 0) await this.redis.xgroup('DELCONSUMER', key, this.#o.keys.group, this.#o.consumer);
    }
  }
}
