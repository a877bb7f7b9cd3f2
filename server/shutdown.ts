/**
 * Graceful shutdown on SIGTERM / SIGINT: `app.close()` stops accepting connections (requests arriving on kept-alive
 * connections meanwhile get 503), waits until every accepted request has been answered and every WebSocket session
 * has drained, runs the `onClose` hooks (the backend frees its models), then the process exits 0. A second signal
 * exits at once with 1. A deadline (`timeoutMs`, `--shutdown-timeout`) bounds the wait: a client that never sends the
 * rest of its body or never reads its answers cannot keep the process alive; past it the connections still open are
 * closed and the process exits 1.
 */
import type { FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  signals?: readonly NodeJS.Signals[];
  /** Progress messages (stderr). */
  say?: (line: string) => void;
  exit?: (code: number) => void;
  /** Most ms to wait for the accepted work after the first signal; 0 or absent = no deadline. */
  timeoutMs?: number;
}

export function closeOnSignals(app: FastifyInstance, options: ShutdownOptions = {}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      options.say?.(`${signal} again: exiting without waiting`);
      exit(1);
      return;
    }
    closing = true;
    options.say?.(`${signal}: no new requests; finishing the accepted ones`);
    const timeoutMs = options.timeoutMs ?? 0;
    if (timeoutMs > 0) {
      setTimeout(() => {
        options.say?.(
          `shutdown: work still open after ${timeoutMs} ms (a client that does not send its body or read its answers?); closing the remaining connections`,
        );
        app.server.closeAllConnections();
        exit(1);
      }, timeoutMs).unref();
    }
    app.close().then(
      () => {
        options.say?.('all requests answered; bye');
        exit(0);
      },
      (err: unknown) => {
        options.say?.(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        exit(1);
      },
    );
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, onSignal);
}
