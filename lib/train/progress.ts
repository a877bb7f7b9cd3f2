/**
 * Training progress as text for a `ProgressSink`: a live bar when the sink shows a status (a terminal: the CLI's
 * `StatusLine`), plain log lines otherwise.
 *
 * Plain mode writes one line every `logEvery` steps (loss = token-weighted mean since the previous line,
 * tok/s over the same span, mem = peak tf.memory().numBytes of those steps) and one line per dev evaluation, plus
 * notices (checkpoints, lr decay, early stop). Live mode updates the bar at most every `redrawMs` and sends
 * evaluations and notices as lines. Time comes from the injectable `clock` (milliseconds).
 *
 * @example
 * const trainer = new Trainer(task, options, { observers: [new TrainingProgress({ sink: lineSink(process.stderr) })] });
 */
import { lineSink, type ProgressSink } from '../util/progress-sink.js';
import { formatBar, formatLogLine, formatRate } from './progress-format.js';
import type { EvaluationEvent, StepEvent, TrainingObserver, TrainingResult } from './observer.js';

export interface ProgressOptions {
  /** Default: lines on `process.stderr`. */
  sink: ProgressSink;
  /** Milliseconds from an arbitrary origin. Default `performance.now`. */
  clock: () => number;
  /** Plain mode: one line every this many steps. */
  logEvery: number;
  /** Terminal mode: redraw at most this often. */
  redrawMs: number;
  /** Bar width in characters. */
  barWidth: number;
}

export const PROGRESS_DEFAULTS: Omit<ProgressOptions, 'sink' | 'clock'> = {
  logEvery: 100,
  redrawMs: 100,
  barWidth: 20,
};

/** Figures accumulated since the previous log line. */
interface Span {
  start: number;
  lossTimesTokens: number;
  tokens: number;
  steps: number;
  peakBytes: number;
}

export class TrainingProgress implements TrainingObserver {
  private readonly o: ProgressOptions;
  /** The sink shows a live status: draw the bar. */
  private readonly live: boolean;
  /** Since the previous plain line (plain mode) or since the start (bar). */
  private span: Span;
  /** For ETA and the bar's tok/s: clock and step when the reporter saw its first step. */
  private first: { time: number; step: number; tokens: number } | null = null;
  private lastRedraw = -Infinity;

  constructor(options: Partial<ProgressOptions> = {}) {
    this.o = {
      ...PROGRESS_DEFAULTS,
      sink: lineSink(process.stderr),
      clock: () => performance.now(),
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    };
    this.live = this.o.sink.status !== undefined;
    this.span = this.emptySpan();
  }

  onStep(e: StepEvent): void {
    const now = this.o.clock();
    if (this.first === null) this.first = { time: now, step: e.step - 1, tokens: 0 };
    this.first.tokens += e.tokens;
    this.span.lossTimesTokens += e.loss * e.tokens;
    this.span.tokens += e.tokens;
    this.span.steps += 1;
    this.span.peakBytes = Math.max(this.span.peakBytes, e.peakBytes, e.numBytes);
    if (this.live) {
      if (now - this.lastRedraw >= this.o.redrawMs) this.drawBar(e, now);
    } else if (e.step % this.o.logEvery === 0) {
      this.o.sink.line(formatLogLine({ ...this.spanFields(e, now), learningRate: e.learningRate }));
      this.span = this.emptySpan(now);
    }
  }

  onEvaluation(e: EvaluationEvent): void {
    const fields = {
      step: e.step,
      epoch: e.epoch,
      devLoss: e.dev.loss,
      learningRate: e.learningRate,
      ...(e.dev.metrics ? { devMetrics: e.dev.metrics } : {}),
    };
    this.o.sink.line(
      `${formatLogLine(fields)} best ${e.bestDevLoss === null ? '-' : e.bestDevLoss.toFixed(3)}${e.improved ? ' *' : ''}`,
    );
  }

  onNotice(message: string): void {
    this.o.sink.line(message);
  }

  onEnd(r: TrainingResult): void {
    this.o.sink.clearStatus?.(); // no bar after the final line
    const best = r.bestDevLoss === null ? 'none' : `${r.bestDevLoss.toFixed(3)} at step ${r.bestStep ?? '-'}`;
    this.o.sink.line(
      `stopped (${r.stopReason}) at step ${r.steps} epoch ${r.epoch}: best dev_loss ${best}, lr ${formatRate(r.learningRate)}, ${r.elapsedSeconds.toFixed(1)}s`,
    );
  }

  private emptySpan(start = this.o.clock()): Span {
    return { start, lossTimesTokens: 0, tokens: 0, steps: 0, peakBytes: 0 };
  }

  private spanFields(
    e: StepEvent,
    now: number,
  ): { step: number; epoch: number; loss: number; tokensPerSecond: number; memoryBytes: number } {
    const seconds = (now - this.span.start) / 1000;
    return {
      step: e.step,
      epoch: e.epoch,
      loss: this.span.tokens > 0 ? this.span.lossTimesTokens / this.span.tokens : e.loss,
      tokensPerSecond: seconds > 0 ? this.span.tokens / seconds : 0,
      memoryBytes: this.span.peakBytes,
    };
  }

  private drawBar(e: StepEvent, now: number): void {
    const first = this.first!;
    const seconds = (now - first.time) / 1000;
    const stepsDone = e.step - first.step;
    const eta =
      e.plannedSteps !== null && stepsDone > 0 && seconds > 0
        ? ((e.plannedSteps - e.step) * seconds) / stepsDone
        : null;
    const text = formatBar(
      {
        epoch: e.epoch,
        step: e.step,
        fraction: e.plannedSteps !== null ? Math.min(1, e.step / e.plannedSteps) : null,
        loss: this.span.tokens > 0 ? this.span.lossTimesTokens / this.span.tokens : e.loss,
        tokensPerSecond: seconds > 0 ? first.tokens / seconds : 0,
        etaSeconds: eta,
      },
      this.o.barWidth,
    );
    this.o.sink.status!(text);
    this.lastRedraw = now;
    // The bar's loss is a running mean over the last `logEvery` steps.
    if (this.span.steps >= this.o.logEvery) this.span = this.emptySpan(now);
  }
}
