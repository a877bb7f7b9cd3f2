/**
 * Runs `inner` with at most `credits.limit` items inside it: an item enters only when it can take a credit, and its
 * credit comes back when `inner` emits one output (inner must emit exactly one output per input, as every
 * line-level stage here does). Items that arrive while no credit is free wait in a queue in front of `inner`;
 * credit-aware sources (`fromAsyncIterable`, `readLines`) never let that queue grow, because they pull only while
 * credits are available. On teardown the credits still held are given back.
 *
 * @example
 * lines$.pipe(boundInFlight(translateSentences, { credits: new Credits(32) }))
 *
 * @param inner The stage to bound (one output per input).
 * @param options.credits The window shared with the source (see `Credits`).
 */
import { Observable, Subject, type OperatorFunction } from 'rxjs';
import type { Credits } from './credits.js';

export interface BoundInFlightOptions {
  /** The credit window; its `limit` is the most items inside `inner` at once. */
  credits: Credits;
}

export function boundInFlight<A, B>(
  inner: OperatorFunction<A, B>,
  options: BoundInFlightOptions,
): OperatorFunction<A, B> {
  const { credits } = options;
  return (source) =>
    new Observable<B>((subscriber) => {
      // Items that arrived while no credit was free, oldest first.
      const queue: A[] = [];
      // Credits this subscription took and has not given back.
      let held = 0;
      // Whether upstream has completed (inner completes once the queue is drained).
      let upstreamDone = false;
      // Feeds admitted items into inner.
      const admitted = new Subject<A>();
      // True while pump runs: an item's synchronous output may free a credit and call pump again; that call only
      // asks for another round, so items enter one after another, never nested inside each other.
      let pumping = false;
      // A nested pump call happened: run the loop again.
      let again = false;

      const pump = (): void => {
        if (pumping) {
          again = true;
          return;
        }
        pumping = true;
        do {
          again = false;
          while (queue.length > 0 && credits.tryAcquire()) {
            held++;
            admitted.next(queue.shift() as A);
          }
        } while (again);
        pumping = false;
        if (upstreamDone && queue.length === 0) admitted.complete();
      };
      const offAvailable = credits.onAvailable(pump);

      const innerSubscription = inner(admitted).subscribe({
        next: (value) => {
          if (held > 0) {
            held--;
            credits.release();
          }
          subscriber.next(value);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      const sourceSubscription = source.subscribe({
        next: (value) => {
          queue.push(value);
          pump();
        },
        error: (err: unknown) => admitted.error(err),
        complete: () => {
          upstreamDone = true;
          pump();
        },
      });
      return () => {
        offAvailable();
        sourceSubscription.unsubscribe();
        innerSubscription.unsubscribe();
        if (held > 0) credits.release(held);
        held = 0;
      };
    });
}
