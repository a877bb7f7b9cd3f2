/**
 * Observable → WHATWG `ReadableStream` (for fetch bodies, web APIs), pulled through `toAsyncIterable`; cancelling the
 * stream unsubscribes.
 *
 * @example
 * new Response(toReadableStream(results$.pipe(map(formatJsonLine))))
 *
 * @param options Same as `toAsyncIterable`.
 */
import { ReadableStream } from 'node:stream/web';
import type { Observable } from 'rxjs';
import { toAsyncIterable, type ToAsyncIterableOptions } from './to-async-iterable.js';

export function toReadableStream<T>(source: Observable<T>, options: ToAsyncIterableOptions = {}): ReadableStream<T> {
  const iterator = toAsyncIterable(source, options);
  return new ReadableStream<T>({
    async pull(controller) {
      try {
        const step = await iterator.next();
        if (step.done === true) controller.close();
        else controller.enqueue(step.value);
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
}
