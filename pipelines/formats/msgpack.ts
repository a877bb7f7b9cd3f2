/**
 * msgpack framing for programs: a stream of msgpack-encoded maps (msgpackr `PackrStream` / `UnpackrStream`, plain
 * maps, no record extension, so any msgpack decoder reads them). Input records `{ id?, text }`; output records as
 * in `record.ts`.
 *
 * @example
 * const out = msgpackEncoder(); out.pipe(process.stdout);
 * await toWritable(fromAsyncIterable(msgpackRecords(process.stdin)).pipe(translate(...)), out, { format: toRecord });
 */
import { PackrStream, UnpackrStream } from 'msgpackr';
import type { Readable } from 'node:stream';
import type { LineInput } from '../types.js';
import { fromInputRecord } from './record.js';

/** Decodes a byte stream of msgpack values into pipeline inputs (invalid records become failed inputs). */
export async function* msgpackRecords(source: Readable): AsyncGenerator<LineInput> {
  const decoder = new UnpackrStream({ useRecords: false });
  const decoded = source.pipe(decoder);
  source.once('error', (err) => decoded.destroy(err));
  for await (const value of decoded as AsyncIterable<unknown>) yield fromInputRecord(value);
}

/** An object-mode Transform: write records in, msgpack bytes out. */
export function msgpackEncoder(): PackrStream {
  return new PackrStream({ useRecords: false });
}
