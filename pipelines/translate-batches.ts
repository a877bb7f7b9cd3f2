/**
 * Sends batches to an injected model step, at most `concurrency` at a time, and emits one envelope per item.
 * The step gets the successful values of a batch and must return one result per value, in order (an Observable,
 * Promise, array…; its first value is used). When a batch fails (the step throws, rejects, errors, returns nothing
 * or the wrong number of results), its items are retried one by one to isolate the bad one (`isolate`), and an item
 * that fails alone gets an error result; the stream goes on. Failed envelopes pass through; empty sources can be
 * answered without the model (`emptyResult`); items for which `keep` is false when their batch starts are dropped
 * (cancelled callers).
 *
 * @example
 * batches$.pipe(translateBatches({ step: (ids) => translator.translateBatch(ids), concurrency: 2 }))
 *
 * @param options See `TranslateBatchesOptions`.
 */
import {
  catchError,
  concat,
  defer,
  from,
  map,
  mergeMap,
  take,
  throwIfEmpty,
  type ObservableInput,
  type Observable,
  type OperatorFunction,
} from 'rxjs';
import { S2SError } from '../lib/errors.js';
import { failed, ok, withData, type Envelope } from './types.js';

/** The model step: one result per source, in order. */
export type BatchStep<S, R> = (sources: readonly S[]) => ObservableInput<readonly R[]>;

export interface TranslateBatchesOptions<S, R> {
  /** The model step (e.g. `(ids) => translator.translateBatch(ids)`). */
  step: BatchStep<S, R>;
  /** Batches in the step at once (default 1). */
  concurrency?: number;
  /** Retry the items of a failed batch one by one to find the bad one (default true). */
  isolate?: boolean;
  /** If given, sources for which `isEmpty` holds get this result without calling the step. */
  emptyResult?: () => R;
  /** Which sources count as empty (default: arrays of length 0). */
  isEmpty?: (source: S) => boolean;
  /** Checked when a batch starts: items for which it returns false are dropped (no output). Default: keep all. */
  keep?: (item: Envelope<S>) => boolean;
  /** Error code for items whose step failed (default `E_TRANSLATE_FAILED`). */
  errorCode?: string;
}

export function translateBatches<S, R>(
  options: TranslateBatchesOptions<S, R>,
): OperatorFunction<readonly Envelope<S>[], Envelope<R>> {
  const { step, concurrency = 1, isolate = true, emptyResult, keep, errorCode = 'E_TRANSLATE_FAILED' } = options;
  const isEmpty = options.isEmpty ?? ((s: S) => Array.isArray(s) && s.length === 0);

  const run = (items: readonly Envelope<S>[]): Observable<Envelope<R>> =>
    defer(() => from(step(items.map((item) => (item.data as { value: S }).value)))).pipe(
      take(1),
      throwIfEmpty(
        () =>
          new S2SError(
            'E_STEP_EMPTY',
            `translateBatches: the step completed without results for a batch of ${items.length}; it must emit one array of results`,
          ),
      ),
      map((results) => {
        if (results.length !== items.length) {
          throw new S2SError(
            'E_STEP_RESULT_COUNT',
            `translateBatches: the step returned ${results.length} results for a batch of ${items.length}; expected one per source, in order`,
          );
        }
        return items.map((item, i) => withData(item, ok(results[i] as R)));
      }),
      mergeMap((envelopes) => envelopes),
      catchError((err: unknown) =>
        isolate && items.length > 1
          ? concat(...items.map((item) => run([item])))
          : from(items.map((item) => withData<S, R>(item, failed(err, errorCode)))),
      ),
    );

  return mergeMap(
    (batch) =>
      defer(() => {
        const direct: Envelope<R>[] = [];
        const pending: Envelope<S>[] = [];
        for (const item of batch) {
          if (keep && !keep(item)) continue;
          if (!item.data.ok) direct.push(withData<S, R>(item, item.data));
          else if (emptyResult && isEmpty(item.data.value)) direct.push(withData(item, ok(emptyResult())));
          else pending.push(item);
        }
        return pending.length > 0 ? concat(from(direct), run(pending)) : from(direct);
      }),
    concurrency,
  );
}
