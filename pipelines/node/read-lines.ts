/**
 * A Node `Readable` (or any async iterable of byte/string chunks) → Observable of text lines, pulled on demand
 * (see `fromAsyncIterable`): lines end at LF / CRLF / CR, UTF-8 is decoded with invalid bytes replaced, control
 * characters cleaned (lib/text/line-reader.ts). Every line, empty ones included, is emitted; a line over
 * `maxLineBytes` is emitted as a failed input (`E_LINE_TOO_LONG`) in its place, so memory stays bounded and the
 * line still gets its one output.
 *
 * @example
 * linesFrom(process.stdin, { credits }).pipe(translate(translator, tokenizers, { credits }))
 *
 * @param options.credits Pause reading while the pipeline has `credits.limit` lines in flight.
 * @param options.normalize Also NFKC-normalise and squash spaces (default false).
 * @param options.maxLineBytes Longest line kept (default 256 MiB).
 */
import { map, type Observable } from 'rxjs';
import { readLines, type ByteSource, type TextLine } from '../../lib/text/line-reader.js';
import { fromAsyncIterable, type FromAsyncIterableOptions } from './from-async-iterable.js';
import type { LineInput } from '../types.js';

export interface LinesFromOptions extends FromAsyncIterableOptions {
  /** NFKC-normalise and squash spaces (default false). */
  normalize?: boolean;
  /** Longest line kept, in bytes (default 256 MiB). */
  maxLineBytes?: number;
}

/** A line's text, or the failure of a line that was too long. */
function toInput(line: TextLine): LineInput {
  if (line.droppedBytes === 0) return line.text;
  return {
    error: {
      code: 'E_LINE_TOO_LONG',
      message: `line ${line.lineNumber} has ${line.droppedBytes} bytes, over the limit of one line; split it into shorter lines`,
    },
  };
}

export function linesFrom(source: ByteSource, options: LinesFromOptions = {}): Observable<LineInput> {
  const lines = readLines(source, {
    normalize: options.normalize ?? false,
    ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
  });
  return fromAsyncIterable(lines, options.credits === undefined ? {} : { credits: options.credits }).pipe(map(toInput));
}
