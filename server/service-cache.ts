/**
 * A bounded set of `TranslationService`s for one model, keyed by decoding options. Requests that ask for the same
 * options (after `resolveDecodeOptions`, so key order and defaults are normalised) share one service and hence its
 * batches; a new option set gets its own service. At most `maxServices` exist: a new set replaces the least recently
 * used service that no call is using; when every one is in use, the call is refused with 503 (`Retry-After`), so
 * per-request options never make the number of services — or their queues — grow without bound.
 */
import { defer, finalize, type Observable, type ObservableInput } from 'rxjs';
import type { DecodeOptions } from '../lib/decode/options.js';
import type { TranslationService } from '../pipelines/translation-service.js';
import type { TranslationResult } from '../pipelines/translate.js';
import type { LineInput } from '../pipelines/types.js';
import { RequestError } from './errors.js';

interface Entry {
  service: TranslationService;
  /** Subscribed calls: an entry in use is never evicted. */
  active: number;
}

export interface ServiceCacheOptions {
  /** Builds the service for one option set. */
  make: (options: DecodeOptions) => TranslationService;
  /** Most services kept at once (≥ 1). */
  maxServices: number;
  /** Seconds for `Retry-After` when all are busy. */
  retryAfter: number;
}

export class ServiceCache {
  /** Services by option key; Map order is use order, least recent first. */
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly options: ServiceCacheOptions) {}

  /** Sentences queued in all services. */
  get pending(): number {
    let sum = 0;
    for (const entry of this.#entries.values()) sum += entry.service.pending;
    return sum;
  }

  /** Number of services alive. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Translates through the service for `options`. Throws `RequestError` 503 at once when a new option set would need
   * a service and all `maxServices` are in use; the service itself is taken when the Observable is subscribed.
   */
  translate(
    options: DecodeOptions,
    lines: ObservableInput<LineInput>,
    signal?: AbortSignal,
  ): Observable<TranslationResult> {
    const key = JSON.stringify(options);
    if (!this.#entries.has(key) && this.#entries.size >= this.options.maxServices && this.#idleKey() === undefined) {
      throw new RequestError(
        503,
        'E_OVERLOADED',
        `server busy: ${this.options.maxServices} different decoding option sets are in use; retry after ${this.options.retryAfter} s, or use the server's default options`,
        {
          retryAfter: this.options.retryAfter,
          details: { maxServices: this.options.maxServices },
        },
      );
    }
    return defer(() => {
      const entry = this.#acquire(key, options);
      entry.active++;
      return entry.service
        .translate(lines, signal === undefined ? {} : { signal })
        .pipe(finalize(() => entry.active--));
    });
  }

  /** Closes every service. */
  close(): void {
    for (const entry of this.#entries.values()) entry.service.close();
    this.#entries.clear();
  }

  #acquire(key: string, options: DecodeOptions): Entry {
    const found = this.#entries.get(key);
    if (found !== undefined) {
      this.#entries.delete(key); // move to the most recent end
      this.#entries.set(key, found);
      return found;
    }
    if (this.#entries.size >= this.options.maxServices) {
      const idle = this.#idleKey();
      if (idle !== undefined) {
        this.#entries.get(idle)!.service.close();
        this.#entries.delete(idle);
      }
    }
    const entry = { service: this.options.make(options), active: 0 };
    this.#entries.set(key, entry);
    return entry;
  }

  /** The least recently used service no call is using. */
  #idleKey(): string | undefined {
    for (const [key, entry] of this.#entries) if (entry.active === 0) return key;
    return undefined;
  }
}
