/**
 * A credit window: at most `limit` items may be in flight between a source and the end of a pipeline. The pipeline
 * entry (`admit`) takes one credit per item, the exit gives it back (`release`); credit-aware sources
 * (`fromAsyncIterable`, `readLines`) pull the next item only while `available > 0`, so a slow model pauses the
 * source instead of growing buffers. A slow consumer can `pause()` the window (e.g. a `Writable` whose `write()`
 * returned false) and `resume()` it on 'drain'.
 *
 * @example
 * const credits = new Credits(64);
 * fromAsyncIterable(lines, { credits }).pipe(translate(translator, tokenizers, { credits }));
 */
import { S2SError } from '../lib/errors.js';

export class Credits {
  /** Items taken and not yet released. */
  #inFlight = 0;
  /** Consumer-requested pause: no credit is available while > 0. */
  #pauses = 0;
  /** Callbacks waiting for a credit to become available. */
  #waiters = new Set<() => void>();
  /** Highest `inFlight` seen (for tests and diagnostics). */
  #peak = 0;

  /** @param limit Maximum items in flight (≥ 1). */
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new S2SError('E_OPTION_INVALID', `Credits: limit must be an integer ≥ 1, got ${limit}`);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get peak(): number {
    return this.#peak;
  }

  /** Credits that may be taken now (0 while paused). */
  get available(): number {
    return this.#pauses > 0 ? 0 : this.limit - this.#inFlight;
  }

  /** Takes one credit if available. */
  tryAcquire(): boolean {
    if (this.available <= 0) return false;
    this.#inFlight++;
    this.#peak = Math.max(this.#peak, this.#inFlight);
    return true;
  }

  /** Gives back `n` credits and wakes waiters. */
  release(n = 1): void {
    this.#inFlight = Math.max(0, this.#inFlight - n);
    this.#notify();
  }

  /** Stops handing out credits until a matching `resume()`. */
  pause(): void {
    this.#pauses++;
  }

  resume(): void {
    this.#pauses = Math.max(0, this.#pauses - 1);
    this.#notify();
  }

  /** Calls `listener` each time credits may have become available; returns the unsubscribe function. */
  onAvailable(listener: () => void): () => void {
    this.#waiters.add(listener);
    return () => this.#waiters.delete(listener);
  }

  /** Resolves once a credit is available (immediately if one is). */
  whenAvailable(): Promise<void> {
    if (this.available > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.onAvailable(() => {
        if (this.available <= 0) return;
        off();
        resolve();
      });
    });
  }

  #notify(): void {
    if (this.available <= 0) return;
    for (const waiter of [...this.#waiters]) waiter();
  }
}
