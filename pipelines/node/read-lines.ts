/**
 * A Node `Readable` (or any async iterable of byte/string chunks) → Observable of text lines, pulled on demand
 * (see `fromAsyncIterable`): lines end at LF / CRLF / CR, UTF-8 is decoded with invalid bytes replaced, control
 * characters cleaned (lib/text/line-reader.ts). Every line, empty ones included, is emitted.
 *
 * @example
 * linesFrom(process.stdin, { credits }).pipe(translate(translator, tokenizers, { credits }))
 *
 * @param options.credits Pause reading while the pipeline has `credits.limit` lines in flight.
 * @param options.normalize Also NFKC-normalise and squash spaces (default false).
 */
import { map, type Observable } from 'rxjs';
import { readLines, type ByteSource } from '../../lib/text/line-reader.js';
import { fromAsyncIterable, type FromAsyncIterableOptions } from './from-async-iterable.js';

export interface LinesFromOptions extends FromAsyncIterableOptions {
  /** NFKC-normalise and squash spaces (default false). */
  normalize?: boolean;
}

export function linesFrom(source: ByteSource, options: LinesFromOptions = {}): Observable<string> {
  const lines = readLines(source, { normalize: options.normalize ?? false });
  return fromAsyncIterable(lines, options.credits === undefined ? {} : { credits: options.credits }).pipe(map((line) => line.text));
}
