/**
 * A live status line on a terminal: `status(text)` redraws one line in place (carriage return + erase to end of line,
 * `\r\x1b[K`), `line(text)` prints a whole line above it and redraws the status below. The one place in the project
 * that writes terminal control codes.
 */
import { lineSink, type ProgressSink } from '../../lib/util/progress-sink.js';

/** Carriage return, then ANSI "erase in line" (to its end). */
const ERASE_LINE = '\r\x1b[K';

export interface TerminalStream {
  write(text: string): unknown;
  /** True on a terminal. */
  isTTY?: boolean;
}

export class StatusLine implements ProgressSink {
  /** The status now shown ('' when none). */
  private shown = '';

  constructor(private readonly stream: TerminalStream) {}

  /** A `StatusLine` when `stream` is a terminal, else a sink that writes lines only (no control codes in files). */
  static for(stream: TerminalStream): ProgressSink {
    return stream.isTTY === true ? new StatusLine(stream) : lineSink(stream);
  }

  status(text: string): void {
    this.stream.write(`${ERASE_LINE}${text}`);
    this.shown = text;
  }

  line(text: string): void {
    if (!this.shown) {
      this.stream.write(`${text}\n`);
      return;
    }
    this.stream.write(`${ERASE_LINE}${text}\n`);
    this.stream.write(`${ERASE_LINE}${this.shown}`);
  }

  clearStatus(): void {
    if (!this.shown) return;
    this.stream.write(ERASE_LINE);
    this.shown = '';
  }
}
