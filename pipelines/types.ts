/**
 * The shapes that travel through the pipeline operators. Every unit of work is an `Envelope`: a sequence number
 * from input order, where it came from (`Origin`, used to join sentences back into their line) and an `Outcome`
 * (a value, or the error of this one item). Operators map the value of successful envelopes and pass failed ones
 * through unchanged, so one bad item never ends the stream and never loses its place.
 */
import { S2SError } from '../lib/errors.js';

/** Why one item failed, in a form that can be written to JSON / msgpack. */
export interface ItemFailure {
  /** Stable error code (`E_…`), from `S2SError.code` where the cause was one. */
  code: string;
  /** Human-readable message. */
  message: string;
}

/** A value, or the failure of this item. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ItemFailure };

/** Where a sentence came from: enough to join it back into its line. */
export interface Origin {
  /** Sequence number of the input line (0-based, input order). */
  readonly line: number;
  /** Caller-given id of the line (JSON lines / msgpack `id`); undefined when none was given (`line` identifies it). */
  readonly id: LineId | undefined;
  /** The line's original text (empty for lines that failed before splitting). */
  readonly paragraph: string;
  /** Index of this sentence in its line. */
  readonly part: number;
  /** Number of sentences in the line (≥ 1). */
  readonly parts: number;
  /** Text that joins this sentence to the previous one (empty for the first). */
  readonly joiner: string;
}

/** One unit of work: a sequence number from input order, its origin and its outcome. */
export interface Envelope<T> {
  /** Contiguous 0-based sequence number of this unit in input order (lines before splitting, sentences after). */
  readonly seq: number;
  readonly origin: Origin;
  readonly data: Outcome<T>;
}

/** One output per input line. */
export interface LineResult<T> {
  /** Sequence number of the input line. */
  readonly seq: number;
  /** Caller-given id; undefined when none was given (`seq` identifies the line). */
  readonly id: LineId | undefined;
  /** The input line. */
  readonly source: string;
  readonly data: Outcome<T>;
}

/** A caller-given line id, kept as given: a string, a number, or a bigint for integers beyond 2^53. */
export type LineId = string | number | bigint;

/** What an input line may be: text, text with an id, or an input that already failed (e.g. unparsable JSON). */
export type LineInput =
  string | { readonly text: string; readonly id?: LineId } | { readonly error: ItemFailure; readonly id?: LineId };

/** Successful outcome. */
export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

/** Failed outcome from any thrown value (S2SError codes are kept; anything else is `E_ITEM_FAILED`). */
export function failed<T = never>(err: unknown, fallbackCode = 'E_ITEM_FAILED'): Outcome<T> {
  return { ok: false, error: toFailure(err, fallbackCode) };
}

/** Turns a thrown value into an `ItemFailure`. */
export function toFailure(err: unknown, fallbackCode = 'E_ITEM_FAILED'): ItemFailure {
  if (err instanceof S2SError) return { code: err.code, message: err.message };
  if (err instanceof Error) return { code: fallbackCode, message: err.message };
  return { code: fallbackCode, message: String(err) };
}

/** The same envelope with a new outcome. */
export function withData<A, B>(envelope: Envelope<A>, data: Outcome<B>): Envelope<B> {
  return { seq: envelope.seq, origin: envelope.origin, data };
}

/** Applies `fn` to a successful value (a throw becomes this item's failure); failures pass through. */
export function mapOutcome<A, B>(envelope: Envelope<A>, fn: (value: A) => B, code?: string): Envelope<B> {
  const data = envelope.data;
  if (!data.ok) return withData<A, B>(envelope, data);
  try {
    return withData(envelope, ok(fn(data.value)));
  } catch (err) {
    return withData<A, B>(envelope, failed(err, code));
  }
}
