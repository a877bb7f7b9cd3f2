/**
 * msgpack framing for programs: a stream of msgpack-encoded maps (plain maps, no record extension, so any msgpack
 * decoder reads them). Input records `{ id?, text }`; output records as in `record.ts`.
 *
 * Reading never throws on bad bytes and never loses a whole value: every complete value before the first bad byte is
 * yielded (a value that is not a record becomes a failed input in its place); then, if the stream is damaged, one
 * failed input says where and why, and reading stops, since msgpack has no way to find the next frame:
 * - `E_INPUT_TRUNCATED`: the stream ends inside a value;
 * - `E_INPUT_CORRUPT`: a byte that starts no msgpack value (offset given);
 * - `E_INPUT_TOO_LARGE`: an unfinished value already holds `maxRecordBytes` (memory stays bounded whatever a header
 *   announces).
 * Unsigned/signed 64-bit integers outside ±2^53 come back as `bigint` (ids keep their exact value).
 *
 * @example
 * const out = msgpackEncoder(); out.pipe(process.stdout);
 * await toWritable(fromAsyncIterable(msgpackRecords(process.stdin)).pipe(translate(...)), out, { format: toRecord });
 */
import { PackrStream, Unpackr } from 'msgpackr';
import type { ItemFailure, LineInput } from '../types.js';
import { fromInputRecord } from './record.js';

export interface MsgpackRecordsOptions {
  /** Largest encoded size of one input record in bytes (default 64 MiB). */
  maxRecordBytes?: number;
}

/** Error codes of a damaged stream (each ends the reading); callers use them to exit non-zero. */
export const STREAM_DAMAGE_CODES: ReadonlySet<string> = new Set([
  'E_INPUT_TRUNCATED',
  'E_INPUT_CORRUPT',
  'E_INPUT_TOO_LARGE',
]);

/** Unfinished values up to this size are retried at every chunk (interactive streams see each record at once). */
const SMALL_VALUE_BYTES = 1024 * 1024;

// `int64AsType: 'auto'` (numbers within ±2^53, bigint beyond) is in msgpackr's README but not in its typings.
const unpackr = new Unpackr({
  useRecords: false,
  mapsAsObjects: true,
  int64AsType: 'auto',
} as unknown as ConstructorParameters<typeof Unpackr>[0]);

/** Decodes a byte stream of msgpack values into pipeline inputs (rules in the module comment). */
export async function* msgpackRecords(
  source: AsyncIterable<Uint8Array | string>,
  options: MsgpackRecordsOptions = {},
): AsyncGenerator<LineInput> {
  const maxRecordBytes = options.maxRecordBytes ?? 64 * 1024 * 1024;
  // Bytes not yet decoded (the start of an unfinished value), as received.
  let chunks: Buffer[] = [];
  // Their total length.
  let length = 0;
  // Length at the last decoding attempt that found the value unfinished (0: none).
  let triedAt = 0;
  // Stream offset of the first pending byte, for messages.
  let offset = 0;
  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw);
    chunks.push(chunk);
    length += chunk.length;
    // A big unfinished value is retried only after it grew by a quarter: linear work instead of quadratic.
    if (length > SMALL_VALUE_BYTES && length < triedAt * 1.25 && length < maxRecordBytes) continue;
    const pending = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const step = decodeAvailable(pending);
    for (const value of step.values) yield fromInputRecord(value);
    if (step.corrupt) {
      yield damaged(
        'E_INPUT_CORRUPT',
        `msgpack input: byte ${offset + step.used} starts no msgpack value (${step.corrupt}); the records before it were read, the rest of the input was not`,
      );
      return;
    }
    const rest = pending.subarray(step.used);
    chunks = rest.length > 0 ? [rest] : [];
    length = rest.length;
    triedAt = rest.length;
    offset += step.used;
    if (length >= maxRecordBytes) {
      yield damaged(
        'E_INPUT_TOO_LARGE',
        `msgpack input: the value at byte ${offset} is still unfinished after ${length} bytes, over the ${maxRecordBytes}-byte limit for one record; send smaller records`,
      );
      return;
    }
  }
  if (length > triedAt) {
    const pending = Buffer.concat(chunks);
    const step = decodeAvailable(pending);
    for (const value of step.values) yield fromInputRecord(value);
    if (step.corrupt) {
      yield damaged(
        'E_INPUT_CORRUPT',
        `msgpack input: byte ${offset + step.used} starts no msgpack value (${step.corrupt}); the records before it were read, the rest of the input was not`,
      );
      return;
    }
    offset += step.used;
    length -= step.used;
  }
  if (length > 0)
    yield damaged(
      'E_INPUT_TRUNCATED',
      `msgpack input: the stream ends inside a value (the last ${length} bytes, from byte ${offset}); the writer stopped early or the data was cut`,
    );
}

/** The complete values at the start of `bytes`, the bytes they used, and why decoding stopped if not for lack of bytes. */
function decodeAvailable(bytes: Buffer): { values: unknown[]; used: number; corrupt?: string } {
  const values: unknown[] = [];
  let used = 0;
  if (bytes.length === 0) return { values, used };
  try {
    unpackr.unpackMultiple(bytes, (value: unknown, _start?: number, end?: number) => {
      values.push(value);
      used = end ?? bytes.length;
    });
    return { values, used };
  } catch (err) {
    if ((err as { incomplete?: boolean }).incomplete === true) return { values, used };
    return { values, used, corrupt: err instanceof Error ? err.message : String(err) };
  }
}

function damaged(code: string, message: string): { error: ItemFailure } {
  return { error: { code, message } };
}

/** An object-mode Transform: write records in, msgpack bytes out. */
export function msgpackEncoder(): PackrStream {
  return new PackrStream({ useRecords: false });
}
