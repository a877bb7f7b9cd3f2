/**
 * Joins sentences (in order, as `restoreOrder` emits them) back into one `LineResult` per input line: it collects
 * a line's parts until the last one and combines them with `combine`. If any part failed, the line fails with the
 * first part's error. Parts of a line that never complete (input ended early) are emitted as a failed line on
 * completion, so no line is lost silently.
 *
 * @example
 * ordered$.pipe(joinSentences({ combine: joinTranslations }))
 *
 * @param options.combine `(values, joiners) => line value`; `joiners[i]` precedes `values[i]` (joiners[0] = '').
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { S2SError } from '../lib/errors.js';
import { failed, toFailure, type Envelope, type ItemFailure, type LineResult, type Origin } from './types.js';

export interface JoinSentencesOptions<T, U> {
  /** Combines a line's sentence values; `joiners[i]` is the text before `values[i]`. */
  combine: (values: readonly T[], joiners: readonly string[]) => U;
}

export function joinSentences<T, U>(options: JoinSentencesOptions<T, U>): OperatorFunction<Envelope<T>, LineResult<U>> {
  return (source) =>
    new Observable<LineResult<U>>((subscriber) => {
      // Origin of the line being collected (undefined between lines).
      let origin: Origin | undefined;
      // Values of its parts so far.
      let values: T[] = [];
      // Joiners of its parts so far.
      let joiners: string[] = [];
      // First failure among its parts.
      let failure: ItemFailure | undefined;

      const emit = (line: Origin, data: LineResult<U>['data']): void => {
        origin = undefined;
        values = [];
        joiners = [];
        failure = undefined;
        subscriber.next({ seq: line.line, id: line.id, source: line.paragraph, data });
      };

      return source.subscribe({
        next: (item) => {
          if (origin !== undefined && origin.line !== item.origin.line) {
            emit(
              origin,
              failed(
                new S2SError(
                  'E_LINE_INCOMPLETE',
                  `joinSentences: line ${origin.line} ended after ${values.length} of ${origin.parts} sentences`,
                ),
              ),
            );
          }
          origin = item.origin;
          if (item.data.ok) values.push(item.data.value);
          else failure ??= item.data.error;
          joiners.push(item.origin.joiner);
          if (item.origin.part + 1 < item.origin.parts) return;
          if (failure !== undefined) {
            emit(item.origin, { ok: false, error: failure });
            return;
          }
          try {
            emit(item.origin, { ok: true, value: options.combine(values, joiners) });
          } catch (err) {
            emit(item.origin, { ok: false, error: toFailure(err, 'E_JOIN_FAILED') });
          }
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          if (origin !== undefined)
            emit(
              origin,
              failed(new S2SError('E_LINE_INCOMPLETE', `joinSentences: input ended inside line ${origin.line}`)),
            );
          subscriber.complete();
        },
      });
    });
}
