/**
 * Writes an Observable to a Node `Writable`, one `format(item)` chunk per item, written as soon as the item arrives
 * (interactive use sees each line at once). When `write()` returns false the credit window is paused until
 * 'drain', so credit-aware sources stop reading and the writable's buffer holds at most the items in flight.
 * Resolves when the source completed and the data is flushed (after `end()` unless `end: false`); rejects on a
 * source or stream error (the subscription is then closed).
 *
 * @example
 * await toWritable(results$, process.stdout, { format: (r) => formatText(r), credits, end: false });
 *
 * @param options.format Item → chunk (string/bytes; any object for object-mode streams); `undefined` skips the item.
 * @param options.credits Paused while the writable is over its high-water mark.
 * @param options.end Call `end()` when the source completes (default true).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Observable } from 'rxjs';
import type { Credits } from '../credits.js';

export interface ToWritableOptions<T> {
  /** Item → chunk; `undefined` writes nothing. */
  format: (item: T) => unknown;
  /** Window to pause while the writable needs to drain. */
  credits?: Credits;
  /** End the writable when the source completes (default true). */
  end?: boolean;
}

export function toWritable<T>(source: Observable<T>, writable: Writable, options: ToWritableOptions<T>): Promise<void> {
  const { format, credits, end = true } = options;
  return new Promise<void>((resolve, reject) => {
    // Whether we paused the window and wait for 'drain'.
    let waiting = false;
    const onDrain = (): void => {
      if (!waiting) return;
      waiting = false;
      credits?.resume();
    };
    const onError = (err: unknown): void => {
      cleanup();
      subscription.unsubscribe();
      reject(err);
    };
    const cleanup = (): void => {
      writable.off('drain', onDrain);
      writable.off('error', onError);
      if (waiting) onDrain();
    };
    writable.on('drain', onDrain);
    writable.on('error', onError);
    const subscription = source.subscribe({
      next: (item) => {
        const chunk = format(item);
        if (chunk === undefined) return;
        if (!writable.write(chunk) && !waiting) {
          waiting = true;
          credits?.pause();
        }
      },
      error: onError,
      complete: () => {
        const finish = end ? once(writable, 'finish') : waiting ? once(writable, 'drain') : Promise.resolve();
        if (end) writable.end();
        finish.then(
          () => {
            cleanup();
            resolve();
          },
          (err: unknown) => onError(err),
        );
      },
    });
  });
}
