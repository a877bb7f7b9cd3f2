/**
 * Observable → async iterable, for `for await (const r of toAsyncIterable(results$)) …`. Items wait in a queue
 * until the loop asks for them; when the queue reaches `highWaterMark` the credit window is paused (credit-aware
 * sources stop reading) and resumed once the loop has caught up. Breaking out of the loop unsubscribes.
 *
 * @example
 * for await (const result of toAsyncIterable(lines$.pipe(translate(t, tok, { credits })), { credits })) print(result);
 *
 * @param options.credits Paused while the consumer is behind.
 * @param options.highWaterMark Queue length at which the window is paused (default 16).
 */
import type { Observable } from 'rxjs';
import type { Credits } from '../credits.js';

export interface ToAsyncIterableOptions {
  /** Window to pause while the loop is behind. */
  credits?: Credits;
  /** Queue length that pauses the window (default 16). */
  highWaterMark?: number;
}

export async function* toAsyncIterable<T>(
  source: Observable<T>,
  options: ToAsyncIterableOptions = {},
): AsyncGenerator<T, void, undefined> {
  const { credits, highWaterMark = 16 } = options;
  // Items not yet taken by the loop.
  const queue: T[] = [];
  // Set when the source ends: `{ error }` for a failure.
  let ended: { error?: unknown } | undefined;
  // Wakes the loop when something arrives.
  let wake: (() => void) | undefined;
  // Whether we paused the window.
  let paused = false;
  const subscription = source.subscribe({
    next: (item) => {
      queue.push(item);
      if (!paused && credits !== undefined && queue.length >= highWaterMark) {
        paused = true;
        credits.pause();
      }
      wake?.();
    },
    error: (error: unknown) => {
      ended = { error };
      wake?.();
    },
    complete: () => {
      ended = {};
      wake?.();
    },
  });
  try {
    while (true) {
      if (queue.length > 0) {
        const item = queue.shift() as T;
        if (paused && queue.length < highWaterMark / 2) {
          paused = false;
          credits?.resume();
        }
        yield item;
        continue;
      }
      if (ended !== undefined) {
        if ('error' in ended) throw ended.error;
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    subscription.unsubscribe();
    if (paused) credits?.resume();
  }
}
