/**
 * Open streaming sessions (NDJSON responses, WebSocket connections), at most `max` at once, so that shutdown can
 * drain them: each session registers a `drain` that stops taking lines, answers the ones it has taken and resolves
 * when it has ended. A stream opened while `max` are open is refused (503 + `Retry-After`), as an overloaded queue is.
 */
import { RequestError } from './errors.js';

export class StreamSessions {
  readonly #drains = new Set<() => Promise<void>>();

  constructor(
    readonly max: number,
    readonly retryAfter: number,
  ) {}

  /** Sessions open now. */
  get size(): number {
    return this.#drains.size;
  }

  /**
   * Throws unless another session fits; call it before the work a session sets up (nothing to undo on refusal),
   * and `add` in the same tick.
   * @throws RequestError 503 E_OVERLOADED with `Retry-After`.
   */
  checkRoom(): void {
    if (this.#drains.size >= this.max)
      throw new RequestError(
        503,
        'E_OVERLOADED',
        `server busy: ${this.#drains.size} of ${this.max} streams open (--max-streams); retry after ${this.retryAfter} s`,
        { details: { streams: this.#drains.size, capacity: this.max }, retryAfter: this.retryAfter },
      );
  }

  /** Registers a session; returns the function that forgets it (call it when the session ends). */
  add(drain: () => Promise<void>): () => void {
    this.#drains.add(drain);
    return () => this.#drains.delete(drain);
  }

  /** Stops every session's input and waits until each has answered its lines and ended. */
  async drainAll(): Promise<void> {
    await Promise.all([...this.#drains].map((drain) => drain()));
  }
}
