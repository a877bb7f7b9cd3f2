/** Pure formatting for training progress: log lines, the terminal bar, durations, byte counts, rates. */
import { perplexity } from '../eval/perplexity.js';

/** Loss with 3 decimals. */
export function formatLoss(loss: number): string {
  return loss.toFixed(3);
}

/** Perplexity with 4 significant digits below 10 000, as an integer above. */
export function formatPerplexity(ppl: number): string {
  if (!Number.isFinite(ppl)) return String(ppl);
  return ppl < 1e4 ? ppl.toPrecision(4) : Math.round(ppl).toString();
}

/** A learning rate with 3 significant digits and no trailing zeros (0.0005, 0.001, 1e-7). */
export function formatRate(lr: number): string {
  return String(Number(lr.toPrecision(3)));
}

/** Bytes in MB (10⁶) with 1 decimal. */
export function formatBytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)}MB`;
}

/** `45s`, `3m07s`, `2h05m`; `?` when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The figures of one log line; absent fields are left out. */
export interface LogFields {
  step: number;
  epoch: number;
  /** Token-weighted mean training loss since the previous line. */
  loss?: number;
  devLoss?: number;
  /** Extra dev figures (BLEU, chrF, …), printed as `name value`. */
  devMetrics?: Record<string, number>;
  learningRate?: number;
  tokensPerSecond?: number;
  /** tf.memory().numBytes (peak of the forward passes since the previous line). */
  memoryBytes?: number;
}

/**
 * `step 200 epoch 1 loss 2.310 ppl 10.07 dev_loss 2.100 dev_ppl 8.166 bleu 12.30 lr 0.0005 tok/s 1234 mem 12.3MB`
 */
export function formatLogLine(f: LogFields): string {
  const parts = [`step ${f.step}`, `epoch ${f.epoch}`];
  if (f.loss !== undefined) parts.push(`loss ${formatLoss(f.loss)}`, `ppl ${formatPerplexity(perplexity(f.loss))}`);
  if (f.devLoss !== undefined)
    parts.push(`dev_loss ${formatLoss(f.devLoss)}`, `dev_ppl ${formatPerplexity(perplexity(f.devLoss))}`);
  for (const [name, value] of Object.entries(f.devMetrics ?? {})) parts.push(`${name} ${value.toFixed(2)}`);
  if (f.learningRate !== undefined) parts.push(`lr ${formatRate(f.learningRate)}`);
  if (f.tokensPerSecond !== undefined) parts.push(`tok/s ${Math.round(f.tokensPerSecond)}`);
  if (f.memoryBytes !== undefined) parts.push(`mem ${formatBytes(f.memoryBytes)}`);
  return parts.join(' ');
}

/** The figures of the terminal progress bar. */
export interface BarFields {
  epoch: number;
  step: number;
  /** Fraction done in [0, 1], or null when no limit says how long the run is. */
  fraction: number | null;
  loss: number;
  tokensPerSecond: number;
  etaSeconds: number | null;
}

/** `epoch 1 [#####-----]  50% step 200 loss 2.310 ppl 10.07 1234 tok/s ETA 3m07s` (no bar without a fraction). */
export function formatBar(f: BarFields, width = 20): string {
  let bar = '';
  if (f.fraction !== null) {
    const done = Math.max(0, Math.min(width, Math.round(f.fraction * width)));
    bar = ` [${'#'.repeat(done)}${'-'.repeat(width - done)}] ${String(Math.round(f.fraction * 100)).padStart(3)}%`;
  }
  return `epoch ${f.epoch}${bar} step ${f.step} loss ${formatLoss(f.loss)} ppl ${formatPerplexity(perplexity(f.loss))} ${Math.round(f.tokensPerSecond)} tok/s ETA ${formatDuration(f.etaSeconds)}`;
}
