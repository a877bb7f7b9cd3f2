/**
 * Where progress text goes. The library and the pipelines compose progress text (training log lines and bar, the
 * translation count line); how it is shown belongs to the caller. The CLI's `StatusLine`
 * (scripts/terminal/status-line.ts) redraws the status in place on a terminal; `lineSink` writes lines only; tests
 * record the calls.
 */

export interface ProgressSink {
  /** A whole line (a log line, a notice, a summary), without its newline: printed and kept. */
  line(text: string): void;
  /** The live status (a bar, running counts): replaces the previous one. Absent: the reporter writes log lines instead. */
  status?(text: string): void;
  /** Removes the live status, if shown. */
  clearStatus?(): void;
}

/** A sink that writes each line, newline-terminated, to `stream` and has no live status. */
export function lineSink(stream: { write(text: string): unknown }): ProgressSink {
  return { line: (text) => void stream.write(`${text}\n`) };
}
