/**
 * Groups tokenized sentences into batches for the model. Sentences collect in a window of `windowBatches` batches'
 * worth; the window is flushed when it is full, when `maxWait` has passed since its oldest sentence arrived (so a
 * lone line is not held back), or when the input completes. A flushed window is sorted by length (stable) and cut
 * greedily into batches whose padded size (`sentences × longest`) stays within `maxTokens` and that hold at most
 * `maxSentences` sentences; a sentence longer than `maxTokens` goes alone. Failed envelopes skip the window and go
 * out at once as a batch of one. When the input is blocked (`inputBlocked`: the credit window is used up), the
 * window is flushed at once: waiting could bring nothing more.
 *
 * @example
 * tokens$.pipe(batchByTokens({ maxTokens: 2048, maxSentences: 64, maxWait: 20 }))
 *
 * @param options See `BatchByTokensOptions`; every field has a default.
 */
import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { Envelope } from './types.js';

export interface BatchByTokensOptions {
  /** Padded token budget per batch: sentences × longest sentence (default 2048). */
  maxTokens?: number;
  /** Sentences per batch (default 64). */
  maxSentences?: number;
  /** Milliseconds the oldest buffered sentence may wait before its window is flushed (default 20; Infinity = never). */
  maxWait?: number;
  /** Window size in batches: how much is collected and length-sorted before cutting (default 4). */
  windowBatches?: number;
  /** Scheduler for the maxWait timer (default `asyncScheduler`; a TestScheduler in marble tests). */
  scheduler?: SchedulerLike;
  /**
   * True when no more input can arrive until outputs leave (a credit window with no credit left): the window is then
   * flushed without waiting for `maxWait` — at the end of the current synchronous burst, so a line's sentences stay
   * together. Without it, a window larger than the credit window waited `maxWait` for every batch.
   */
  inputBlocked?: () => boolean;
}

/** Token count used for budgeting (an empty sentence still takes a slot). */
function cost(item: Envelope<readonly number[]>): number {
  return item.data.ok ? Math.max(1, item.data.value.length) : 1;
}

/** Cuts length-sorted items into batches within the budgets. */
function cut<E extends Envelope<readonly number[]>>(items: E[], maxTokens: number, maxSentences: number): E[][] {
  const sorted = items.map((item, i) => ({ item, i, n: cost(item) })).sort((a, b) => a.n - b.n || a.i - b.i);
  const batches: E[][] = [];
  let current: E[] = [];
  let longest = 0;
  for (const { item, n } of sorted) {
    const widest = Math.max(longest, n);
    if (current.length > 0 && (current.length + 1 > maxSentences || (current.length + 1) * widest > maxTokens)) {
      batches.push(current);
      current = [];
      longest = 0;
    }
    current.push(item);
    longest = Math.max(longest, n);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export function batchByTokens<E extends Envelope<readonly number[]>>(
  options: BatchByTokensOptions = {},
): OperatorFunction<E, E[]> {
  const { maxTokens = 2048, maxSentences = 64, maxWait = 20, windowBatches = 4, scheduler = asyncScheduler } = options;
  const windowTokens = maxTokens * windowBatches;
  const windowSentences = maxSentences * windowBatches;
  return (source) =>
    new Observable<E[]>((subscriber) => {
      // Sentences waiting in the current window, in arrival order.
      let buffer: E[] = [];
      // Sum of the token counts in `buffer`.
      let buffered = 0;
      // The maxWait timer started by the oldest sentence in `buffer` (or the 0 ms one of a blocked input).
      let timer: Subscription | undefined;
      // `timer` is the 0 ms flush of a blocked input.
      let immediate = false;
      // True while flush emits: downstream may synchronously feed new items or complete the input (a credit freed
      // by an output admits the next line); those wait until the batches already cut have gone out.
      let flushing = false;
      // The input completed during a flush.
      let completePending = false;

      const flush = (): void => {
        timer?.unsubscribe();
        timer = undefined;
        immediate = false;
        if (buffer.length === 0 || flushing) return;
        flushing = true;
        const items = buffer;
        buffer = [];
        buffered = 0;
        for (const batch of cut(items, maxTokens, maxSentences)) subscriber.next(batch);
        flushing = false;
        if (completePending) complete();
        else if (buffered >= windowTokens || buffer.length >= windowSentences) flush();
      };
      const complete = (): void => {
        completePending = false;
        flush();
        subscriber.complete();
      };

      const subscription = source.subscribe({
        next: (item) => {
          if (!item.data.ok) {
            subscriber.next([item]);
            return;
          }
          const n = cost(item);
          if (buffer.length > 0 && (buffered + n > windowTokens || buffer.length + 1 > windowSentences)) flush();
          buffer.push(item);
          buffered += n;
          if (buffered >= windowTokens || buffer.length >= windowSentences) flush();
          else if (!immediate && options.inputBlocked?.() === true) {
            timer?.unsubscribe();
            timer = scheduler.schedule(flush, 0);
            immediate = true;
          } else if (timer === undefined && Number.isFinite(maxWait)) timer = scheduler.schedule(flush, maxWait);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          if (flushing) completePending = true;
          else complete();
        },
      });
      return () => {
        timer?.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
