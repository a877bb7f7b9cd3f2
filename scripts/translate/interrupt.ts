/**
 * SIGINT / SIGTERM during `s2s translate`: the first one aborts the run cleanly — reading and decoding stop, the
 * file being written is abandoned (its temporary removed, its target untouched: lib/io/atomic-write.ts), files
 * already finished stay (a rerun of a directory goes on from there) — and the command exits 128 + the signal's
 * number (130 for SIGINT, 143 for SIGTERM), as a shell reports a process killed by it. The handlers are removed
 * after the first signal, so a second Ctrl-C kills the process at once (Node's default).
 */
import { constants } from 'node:os';
import { S2SError } from '../../lib/errors.js';

/** Where signals come from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/** The error a run fails with when interrupted; `details.signal` names the signal. */
export const INTERRUPTED = 'E_INTERRUPTED';

/**
 * Aborts `controller` with an `E_INTERRUPTED` error on the first SIGINT or SIGTERM from `signals`.
 * @returns the function that removes the handlers (call it when the run ends)
 */
export function abortOnSignals(signals: SignalSource, controller: AbortController): () => void {
  const names = ['SIGINT', 'SIGTERM'] as const;
  const handlers = names.map((name) => () => {
    remove();
    controller.abort(new S2SError(INTERRUPTED, `interrupted by ${name}`, { details: { signal: name } }));
  });
  const remove = (): void => names.forEach((name, i) => signals.off(name, handlers[i]!));
  names.forEach((name, i) => signals.on(name, handlers[i]!));
  return remove;
}

/** The exit code for an interrupted run (128 + signal number), or undefined when `err` is not an interruption. */
export function interruptedExitCode(err: unknown): number | undefined {
  if (!(err instanceof S2SError) || err.code !== INTERRUPTED) return undefined;
  const signal = err.details['signal'] as keyof typeof constants.signals;
  return 128 + (constants.signals[signal] ?? 2);
}
