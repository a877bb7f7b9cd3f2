/**
 * Entry stage: numbers input lines in arrival order and wraps each in an `Envelope`. Inputs may be plain strings,
 * `{ text, id }` records, or `{ error, id }` records for inputs that failed before the pipeline (e.g. unparsable
 * JSON); the latter become failed envelopes that keep their place in the output.
 *
 * @example
 * of('Hello.', { id: 'a7', text: 'Hi.' }).pipe(numberLines()) // seq 0, no id; seq 1, id 'a7'
 *
 * @param options.first Sequence number of the first line (default 0).
 */
import { defer, map, type OperatorFunction } from 'rxjs';
import { failed, ok, type Envelope, type LineInput, type Outcome } from './types.js';

export interface NumberLinesOptions {
  /** Sequence number of the first line (default 0). */
  first?: number;
}

export function numberLines(options: NumberLinesOptions = {}): OperatorFunction<LineInput, Envelope<string>> {
  return (source) =>
    defer(() => {
      // Next sequence number (one counter per subscription).
      let next = options.first ?? 0;
      return source.pipe(
        map((input) => {
          const seq = next++;
          const id = typeof input === 'string' ? undefined : input.id;
          let paragraph = '';
          let data: Outcome<string>;
          if (typeof input === 'string') data = ok((paragraph = input));
          else if ('error' in input) data = { ok: false, error: input.error };
          else if (typeof input.text === 'string') data = ok((paragraph = input.text));
          else
            data = failed(
              new TypeError(`line ${seq}: expected a string "text", got ${typeof input.text}`),
              'E_INPUT_INVALID',
            );
          return { seq, origin: { line: seq, id, paragraph, part: 0, parts: 1, joiner: '' }, data };
        }),
      );
    });
}
