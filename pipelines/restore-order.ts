/**
 * Emits items in `seq` order (contiguous from `first`), holding early arrivals in a reorder buffer. The buffer is
 * bounded: it can hold at most as many items as are in flight, which `boundInFlight` / `Credits` limit upstream;
 * if it would exceed `maxBuffered` anyway (no window upstream, or a sequence gap), the stream errors with
 * `E_REORDER_OVERFLOW` instead of growing without bound. On completion, items still held (after a gap: only
 * possible when items were dropped on purpose) are emitted in `seq` order.
 *
 * @example
 * results$.pipe(restoreOrder({ maxBuffered: 256 }))
 *
 * @param options.first First sequence number (default 0).
 * @param options.maxBuffered Most items held at once (default 4096).
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { S2SError } from '../lib/errors.js';

export interface RestoreOrderOptions {
  /** First sequence number (default 0). */
  first?: number;
  /** Most items held in the reorder buffer (default 4096). */
  maxBuffered?: number;
}

export function restoreOrder<T extends { readonly seq: number }>(
  options: RestoreOrderOptions = {},
): OperatorFunction<T, T> {
  const { first = 0, maxBuffered = 4096 } = options;
  return (source) =>
    new Observable<T>((subscriber) => {
      // Next sequence number to emit.
      let expected = first;
      // Arrivals not yet emitted, by sequence number.
      const held = new Map<number, T>();
      // True while the drain loop runs (an emission may synchronously cause new arrivals: they are only queued).
      let draining = false;
      // Completion that arrived during a drain, applied when it ends.
      let completePending = false;

      const finish = (): void => {
        for (const seq of [...held.keys()].sort((a, b) => a - b)) subscriber.next(held.get(seq) as T);
        held.clear();
        subscriber.complete();
      };
      const drain = (): void => {
        draining = true;
        for (let next = held.get(expected); next !== undefined && !subscriber.closed; next = held.get(expected)) {
          held.delete(expected);
          expected++;
          subscriber.next(next);
        }
        draining = false;
        if (completePending) finish();
      };

      return source.subscribe({
        next: (item) => {
          if (item.seq < expected || held.has(item.seq)) {
            subscriber.error(
              new S2SError(
                'E_REORDER_DUPLICATE',
                `restoreOrder: got seq ${item.seq} twice (next expected ${expected}); each seq must arrive once`,
              ),
            );
            return;
          }
          held.set(item.seq, item);
          if (held.size > maxBuffered) {
            subscriber.error(
              new S2SError(
                'E_REORDER_OVERFLOW',
                `restoreOrder: more than ${maxBuffered} items wait for seq ${expected}; bound the items in flight (boundInFlight / Credits) or raise maxBuffered`,
              ),
            );
            return;
          }
          if (!draining) drain();
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          if (draining) completePending = true;
          else finish();
        },
      });
    });
}
