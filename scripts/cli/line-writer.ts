/**
 * Writes lines to a command's output one at a time, each handed to the stream at once (interactive use sees it),
 * waiting for 'drain' when the stream's buffer is full, so a fast producer never grows memory behind a slow reader.
 * When the stream fails, `closed` turns true and further lines are dropped: the reader going away (EPIPE, `| head`)
 * is a normal end; any other failure (ENOSPC…) is kept, and `throwIfFailed()` throws it as a `FileError` naming the
 * output, for the command to report in one line.
 *
 * @example
 * const writer = new LineWriter(io.stdout);
 * for await (const line of lines) { if (writer.closed) break; await writer.write(line); }
 * writer.throwIfFailed();
 */
import type { Writable } from 'node:stream';
import { fileError } from '../../lib/io/file-errors.js';

export class LineWriter {
  /** The stream failed or was closed by its reader: lines are dropped. */
  closed = false;
  /** The write error other than EPIPE, as a `FileError` naming the output. */
  #failure: unknown;

  /** @param name The output in messages (default `standard output`). */
  constructor(
    private readonly out: Writable,
    private readonly name = 'standard output',
  ) {
    out.on('error', (err: NodeJS.ErrnoException) => {
      this.closed = true;
      if (err.code !== 'EPIPE') this.#failure ??= fileError(err, this.name, 'write');
    });
  }

  /** Writes `line` and its '\n'; resolves when the stream can take more (at once unless its buffer is full). */
  async write(line: string): Promise<void> {
    if (this.closed) return;
    if (this.out.write(`${line}\n`)) return;
    // Not events.once: it rejects on 'error', and EPIPE is an expected way for the output to end.
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.out.off('drain', done).off('close', done).off('error', done);
        resolve();
      };
      this.out.on('drain', done).on('close', done).on('error', done);
    });
  }

  /** Throws the write failure (not EPIPE) if there was one. */
  throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}
