/**
 * Graceful shutdown on SIGTERM / SIGINT: `app.close()` stops accepting connections (requests arriving on kept-alive
 * connections meanwhile get 503), waits until every accepted request has been answered and every WebSocket session
 * has drained, runs the `onClose` hooks (the backend frees its models), then the process exits 0. A second signal
 * exits at once with 1.
 */
import type { FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  signals?: readonly NodeJS.Signals[];
  /** Progress messages (stderr). */
  say?: (line: string) => void;
  exit?: (code: number) => void;
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
