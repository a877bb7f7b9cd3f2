/**
 * Translation progress as text for a `ProgressSink`: a live status with sentences, tokens/s and ETA — only when the
 * sink shows one (a terminal: the CLI's `StatusLine`), at most every `intervalMs` — and a summary line at the end
 * (always): lines, tokens, time, tokens/s, backend. It counts any line result with a token count: translations
 * (`s2s translate`), and scored lines (`s2s score`, `s2s lm score`: the tokens scored).
 *
 * @example
 * const progress = new TranslationProgress({ sink: lineSink(process.stderr), total: 1000, backend: 'wasm' });
 * results$.pipe(tap((r) => progress.update(r))) … progress.finish();
 */
import type { ProgressSink } from '../../lib/util/progress-sink.js';

/** What `update` counts: a line's outcome, with its token count when it succeeded (a `TranslationResult`, a score). */
export interface CountedLine {
  readonly data: { readonly ok: true; readonly value: { readonly tokens: number } } | { readonly ok: false };
}

export interface ProgressOptions {
  /** Where the text goes (a live status only when the sink has `status`). */
  sink: ProgressSink;
  /** Expected number of lines, for the ETA (optional). */
  total?: number;
  /** Backend name for the summary. */
  backend?: string;
  /** Clock in ms (default `performance.now`). */
  now?: () => number;
  /** Least time between live updates in ms (default 200). */
  intervalMs?: number;
}

export class TranslationProgress {
  /** Lines seen. */
  lines = 0;
  /** Failed lines seen. */
  failed = 0;
  /** Target tokens produced. */
  tokens = 0;
  /** Start time. */
  readonly #start: number;
  /** Time of the last live update. */
  #lastDraw = -Infinity;
  readonly #now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
  }

  /** Counts one result and redraws the live line if due. */
  update(result: CountedLine): void {
    this.lines++;
    if (result.data.ok) this.tokens += result.data.value.tokens;
    else this.failed++;
    if (!this.options.sink.status) return;
    const now = this.#now();
    if (now - this.#lastDraw < (this.options.intervalMs ?? 200)) return;
    this.#lastDraw = now;
    const seconds = (now - this.#start) / 1000;
    const total = this.options.total;
    const eta =
      total !== undefined && this.lines > 0
        ? ` ETA ${formatSeconds(((total - this.lines) * seconds) / this.lines)}`
        : '';
    const of = total !== undefined ? `/${total}` : '';
    this.options.sink.status(`${this.lines}${of} sentences  ${rate(this.tokens, seconds)} tok/s${eta}`);
  }

  /** Clears the live status and writes the summary line. Returns it (without a newline). */
  finish(): string {
    const seconds = (this.#now() - this.#start) / 1000;
    const failed = this.failed > 0 ? ` (${this.failed} failed)` : '';
    const line = `lines: ${this.lines}${failed}  tokens: ${this.tokens}  time: ${seconds.toFixed(2)} s  tokens/s: ${rate(this.tokens, seconds)}  backend: ${this.options.backend ?? 'unknown'}`;
    this.options.sink.clearStatus?.();
    this.options.sink.line(line);
    return line;
  }
}

function rate(tokens: number, seconds: number): string {
  return seconds > 0 ? (tokens / seconds).toFixed(1) : '0.0';
}

function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
