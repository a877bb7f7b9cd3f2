/**
 * Open streaming sessions (NDJSON responses, WebSocket connections), so that shutdown can drain them: each session
 * registers a `drain` that stops taking lines, answers the ones it has taken and resolves when it has ended.
 */
export class StreamSessions {
  readonly #drains = new Set<() => Promise<void>>();

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
