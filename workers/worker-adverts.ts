/**
 * Workers advertise what they serve, so that a front end with no model (`s2s serve --redis URL`) knows the language
 * pairs: each worker keeps `<prefix>:advert:<consumer>` = JSON `WorkerAdvert` alive with `SET … PX ttlMs`, refreshed
 * every `ttlMs / 3`, and lists its name in the set `<prefix>:adverts`. Redis expires the advert of a worker that died
 * (its clock alone decides, so machines' clocks need not agree); a worker that stops cleanly deletes it at once.
 * Readers take the set, `MGET` the adverts and drop the names whose advert has expired.
 *
 * An advertised pair names its request stream (`en-es` for `--model en-es.s2s`) and, when known, its language codes:
 * the checkpoint's (`s2s train --source-lang/--target-lang`, `s2s checkpoint set-lang`), else the stream name when
 * it reads as two codes (`en-es`, `pt-BR-en`). A pair without codes is still served to `s2s translate --redis`, but
 * an HTTP front end cannot route LibreTranslate requests to it.
 */
import type { Redis } from 'ioredis';
import type { CheckpointLanguages } from '../lib/io/language-codes.js';
import type { StreamKeys } from './protocol.js';

/** One pair a worker serves. */
export interface AdvertisedPair {
  /** The request stream's pair name (`<prefix>:requests:<stream>`). */
  stream: string;
  source?: string;
  target?: string;
}

/** What one worker serves. */
export interface WorkerAdvert {
  worker: string;
  pairs: AdvertisedPair[];
}

export const ADVERT_DEFAULTS = Object.freeze({
  /** An advert not refreshed for 10 s is gone: a dead worker's pairs disappear from front ends within 10 s. */
  ttlMs: 10_000,
});

/** Two language codes joined by `-`; subtags start with a capital, so the dash between the codes is unambiguous. */
const CODE = '[a-z]{2,3}(?:-[A-Z][A-Za-z0-9]{1,7})?';
const TWO_CODES = new RegExp(`^(${CODE})-(${CODE})$`);

/** The advertised pair for a stream name and the languages its checkpoint declares. */
export function advertisedPair(stream: string, languages: CheckpointLanguages): AdvertisedPair {
  const named = TWO_CODES.exec(stream);
  const source = languages.source ?? named?.[1];
  const target = languages.target ?? named?.[2];
  return { stream, ...(source === undefined ? {} : { source }), ...(target === undefined ? {} : { target }) };
}

/** Keeps one worker's advert alive until `withdraw()`. */
export class WorkerAdvertiser {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: StreamKeys,
    private readonly advert: WorkerAdvert,
    private readonly ttlMs: number = ADVERT_DEFAULTS.ttlMs,
  ) {}

  /** Writes the advert now and every `ttlMs / 3` (errors are left to the connection's reconnecting). */
  start(): void {
    const write = (): void => void this.#write().catch(() => undefined);
    write();
    this.#timer ??= setInterval(write, Math.max(50, this.ttlMs / 3));
  }

  async #write(): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.advert(this.advert.worker), JSON.stringify(this.advert), 'PX', this.ttlMs)
      .sadd(this.keys.adverts, this.advert.worker)
      .exec();
  }

  /** Stops refreshing and deletes the advert (waits at most a second for Redis). */
  async withdraw(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    const removed = this.redis
      .multi()
      .del(this.keys.advert(this.advert.worker))
      .srem(this.keys.adverts, this.advert.worker)
      .exec();
    await Promise.race([removed.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }
}

/** The adverts of the live workers, by worker name; names whose advert expired are removed from the set. */
export async function readAdverts(redis: Redis, keys: StreamKeys): Promise<WorkerAdvert[]> {
  const names = (await redis.smembers(keys.adverts)).sort();
  if (names.length === 0) return [];
  const values = await redis.mget(...names.map((name) => keys.advert(name)));
  const gone = names.filter((_, i) => values[i] === null);
  if (gone.length > 0) await redis.srem(keys.adverts, ...gone);
  return values.flatMap((value) => {
    if (value === null) return [];
    try {
      const advert = JSON.parse(value) as WorkerAdvert;
      return Array.isArray(advert.pairs) ? [advert] : [];
    } catch {
      return [];
    }
  });
}
