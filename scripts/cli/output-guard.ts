/**
 * The process-wide guard of standard output, installed once by the `s2s` entry (scripts/s2s.ts) for every command:
 * - the reader went away (EPIPE: `s2s … | head -1`): the run ends at once, quietly, exit 0 — there is no one left
 *   to write for;
 * - any other write error (ENOSPC on /dev/full, EIO…) that no command listens for: one line naming standard output,
 *   what went wrong and the fix (lib/io/file-errors.ts), exit 1 — never Node's "Unhandled 'error' event" trace.
 * A command that handles its own output errors (`s2s translate`, `s2s lm score`) adds its own 'error' listener;
 * the guard then leaves every error but EPIPE to it.
 */
import type { Writable } from 'node:stream';
import { fileError } from '../../lib/io/file-errors.js';

export interface OutputGuardOptions {
  /** Where the one-line message goes. */
  stderr: Pick<Writable, 'write'>;
  /** Prefix of the message, e.g. `s2s score`. */
  label: string;
  /** Ends the process (default `process.exit`). */
  exit?: (code: number) => void;
}

/** Installs the guard on `stdout` (see the module comment). */
export function guardStandardOutput(stdout: Writable, options: OutputGuardOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return exit(0);
    // Another listener (the command's own) reports it.
    if (stdout.listenerCount('error') > 1) return;
    const failure = fileError(err, 'standard output', 'write');
    options.stderr.write(`${options.label}: ${failure instanceof Error ? failure.message : String(failure)}\n`);
    exit(1);
  });
}
