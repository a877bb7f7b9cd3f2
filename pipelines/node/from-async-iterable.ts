/**
 * An (async) iterable → Observable that pulls: the next item is requested only after the previous one was emitted
 * and, when `credits` is given, only while a credit is available. With a Node `Readable` (whose async iterator reads
 * on demand) this pauses the stream when the pipeline has `credits.limit` items in flight. Unsubscribing stops the
 * iteration (`return()` is called, which destroys a Readable).
 *
 * @example
 * const credits = new Credits(64);
 * fromAsyncIterable(lineGenerator(), { credits }).pipe(translate(t, tok, { credits }))
 *
 * @param options.credits The window shared with the pipeline (default: pull as fast as the consumer takes items).
 */
import { Observable } from 'rxjs';
import type { Credits } from '../credits.js';

export interface FromAsyncIterableOptions {
  /** Pull only while a credit is available (share it with `boundInFlight` / a composite's `credits`). */
  credits?: Credits;
}

export function fromAsyncIterable<T>(
  iterable: AsyncIterable<T> | Iterable<T>,
  options: FromAsyncIterableOptions = {},
): Observable<T> {
  const { credits } = options;
  return new Observable<T>((subscriber) => {
    const iterator = Symbol.asyncIterator in iterable ? iterable[Symbol.asyncIterator]() : iterable[Symbol.iterator]();
    // Set by teardown; the pull loop stops at its next check.
    let stopped = false;
    const pull = async (): Promise<void> => {
      while (!stopped) {
        if (credits !== undefined) await credits.whenAvailable();
        if (stopped) return;
        const step = await iterator.next();
        if (stopped) return;
        if (step.done === true) {
          subscriber.complete();
          return;
        }
        subscriber.next(step.value);
      }
    };
    pull().catch((err: unknown) => subscriber.error(err));
    return () => {
      stopped = true;
      void Promise.resolve(iterator.return?.()).catch(() => undefined);
    };
  });
}
