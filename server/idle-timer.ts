/**
 * The silence clock of one stream (NDJSON or WebSocket): it runs only while the session has no line in flight, and
 * calls `onIdle` once when it has run for `ms` — the client sent nothing and awaits nothing, so the session holds a
 * socket and a slot of `maxStreams` for no one. A line taken stops the clock; the last answer written restarts it.
 *
 * @example
 * const idle = new IdleTimer(limits.streamIdleTimeout, () => socket.close(1000, 'idle timeout'));
 * idle.lineIn(); // … translate …; idle.lineOut();   idle.stop() when the session ends
 */
export class IdleTimer {
  #timer: NodeJS.Timeout | undefined;
  #inFlight = 0;
  #stopped = false;

  /** `ms` 0 = never idle. The clock starts now (a new session with nothing in flight). */
  constructor(
    readonly ms: number,
    readonly onIdle: () => void,
  ) {
    this.#arm();
  }

  /** A line was taken: the session is busy until its answer is out. */
  lineIn(): void {
    this.#inFlight++;
    clearTimeout(this.#timer);
  }

  /** A line's answer was written; with none left in flight the clock starts again. */
  lineOut(): void {
    this.#inFlight--;
    if (this.#inFlight === 0) this.#arm();
  }

  /** The session ended: the clock never fires. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #arm(): void {
    clearTimeout(this.#timer);
    if (this.ms > 0 && !this.#stopped) this.#timer = setTimeout(() => this.onIdle(), this.ms).unref();
  }
}
