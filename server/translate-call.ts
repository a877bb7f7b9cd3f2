/**
 * What every translating route does around the backend: enforce the per-request limits, admit the request only
 * when the queue has room (else 503 + `Retry-After`), cancel its queued work when the client goes away, and shape a
 * result for the native API (hard alignments as `s2s translate --alignment hard` writes them).
 */
import { concatMap, lastValueFrom, map, Observable, toArray, type MonoTypeOperatorFunction } from 'rxjs';
import type { FastifyReply } from 'fastify';
import { hardAlignment } from '../lib/decode/alignment.js';
import type { DecodeOptions } from '../lib/decode/options.js';
import type { TranslationResult } from '../pipelines/translate.js';
import type { LineId } from '../pipelines/types.js';
import type { LanguagePair, TranslationBackend } from './backend.js';
import { overloaded, RequestError } from './errors.js';
import type { ServerLimits } from './options.js';

/** 413 when there are more lines, or longer lines, than the limits allow. */
export function checkLines(lines: readonly string[], limits: ServerLimits): void {
  if (lines.length > limits.maxLines) {
    throw new RequestError(
      413,
      'E_TOO_MANY_LINES',
      `too many lines: ${lines.length}, at most ${limits.maxLines} per request; split the text into several requests`,
      { details: { lines: lines.length, maxLines: limits.maxLines } },
    );
  }
  checkLineLength(lines, limits);
}

/** 413 when a line is longer than `maxChars`. */
export function checkLineLength(lines: readonly string[], limits: ServerLimits): void {
  const long = lines.findIndex((line) => line.length > limits.maxChars);
  if (long >= 0) {
    throw new RequestError(
      413,
      'E_LINE_TOO_LONG',
      `line ${long + 1} has ${lines[long]!.length} characters, at most ${limits.maxChars} are accepted; split it`,
      { details: { line: long + 1, maxChars: limits.maxChars } },
    );
  }
}

/**
 * 400 unless the request's text field `field` (LibreTranslate `q`, native `lines`) holds strings: an array of strings,
 * or a string where `single` allows it. Checked before the schema, whose type coercion (needed for form bodies) would
 * turn `null` into "" and `true` into "true" and translate those.
 */
export function checkTexts(field: string, value: unknown, single: boolean): void {
  if (value === undefined) return; // the schema says it is missing
  if ((single && typeof value === 'string') || (Array.isArray(value) && value.every((v) => typeof v === 'string')))
    return;
  const got = Array.isArray(value)
    ? `an array holding ${describe(value.find((v) => typeof v !== 'string'))}`
    : describe(value);
  throw new RequestError(
    400,
    'E_INVALID_REQUEST',
    `Invalid request: ${field} must be ${single ? 'a string or ' : ''}an array of strings, got ${got}`,
    { details: { field } },
  );
}

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

/**
 * 503 + `Retry-After` unless the backend's queue can take `sentences` more; 413 when it never could (more than the
 * whole queue holds), since retrying would not help.
 */
export function admit(backend: TranslationBackend, sentences: number, retryAfter: number): void {
  const { queued, capacity } = backend.load();
  if (sentences > capacity)
    throw new RequestError(
      413,
      'E_TOO_MANY_LINES',
      `too many lines: ${sentences}, and this server queues at most ${capacity} at once (--max-queue); split the text into several requests`,
      { details: { lines: sentences, capacity } },
    );
  if (queued + sentences > capacity) throw overloaded(sentences, queued, capacity, retryAfter);
}

/**
 * Lets a stream's lines into the backend only while its queue has room, checking again every `pollMs` while it is
 * full. A stream is admitted on its first line only, so without this gate every open stream could add `maxLines`
 * lines to a full queue; with it a stream waits (and, its credits taken, reads no more of its client) and the queue
 * stays within its capacity. Lines wait here in order, at most the stream's lines in flight.
 */
export function whileQueueHasRoom<T>(backend: TranslationBackend, pollMs = 20): MonoTypeOperatorFunction<T> {
  const room = new Observable<void>((subscriber) => {
    let timer: NodeJS.Timeout | undefined;
    const check = (): void => {
      const { queued, capacity } = backend.load();
      if (queued < capacity) {
        subscriber.next();
        subscriber.complete();
      } else timer = setTimeout(check, pollMs);
    };
    check();
    return () => clearTimeout(timer);
  });
  return concatMap((line) => room.pipe(map(() => line)));
}

/** A signal aborted when the connection closes before the response was sent (the client went away). */
export function disconnectSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Translates a fixed list of lines: one result per line, in order. */
export async function translateAll(
  backend: TranslationBackend,
  pair: LanguagePair,
  lines: readonly string[],
  options: DecodeOptions,
  signal: AbortSignal,
): Promise<TranslationResult[]> {
  return lastValueFrom(backend.translate(pair, lines, { options, signal }).pipe(toArray()), { defaultValue: [] });
}

/** One line's answer in the native API. */
export type NativeRecord =
  | {
      id: LineId;
      translation: string;
      score: number;
      logProb: number;
      tokens: number;
      nbest: { text: string; score: number; logProb: number }[];
      alignment?: number[][] | number[];
    }
  | { id: LineId; error: { code: string; message: string } };

/** The native record of a result; `alignment` as the options ask (soft matrix [T][S], or hard [T]). */
export function nativeRecord(result: TranslationResult, options: DecodeOptions): NativeRecord {
  if (!result.data.ok) return { id: result.id ?? result.seq, error: result.data.error };
  const t = result.data.value;
  const record = {
    id: result.id ?? result.seq,
    translation: t.text,
    score: t.score,
    logProb: t.logProb,
    tokens: t.tokens,
    nbest: t.nbest,
  };
  if (options.alignment === 'none' || t.alignment === undefined) return record;
  return { ...record, alignment: options.alignment === 'hard' ? hardAlignment(t.alignment) : t.alignment };
}

/**
 * A native record as one line of JSON. A bigint id (an NDJSON / WebSocket integer id beyond 2^53, kept exact by the
 * record parser) is written with its exact digits, as `s2s translate --format jsonl` writes it; `JSON.stringify`
 * alone throws on a bigint.
 */
export function recordJson(record: NativeRecord | { id: null; error: { code: string; message: string } }): string {
  const { id, ...rest } = record;
  return `{"id":${typeof id === 'bigint' ? id.toString() : JSON.stringify(id)},${JSON.stringify(rest).slice(1)}`;
}
