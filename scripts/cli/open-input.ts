/** Opening a file a command reads, before any model loads, so that a missing or unreadable file is one clear line. */
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { fileError } from '../../lib/io/file-errors.js';

/**
 * A read stream of `path`, already open.
 * @throws FileError naming `path`, what went wrong and the fix (`cannot read x.tsv: no such file or directory…`).
 */
export async function openInput(path: string): Promise<Readable> {
  const stream = createReadStream(path);
  await once(stream, 'open').catch((err: unknown) => Promise.reject(fileError(err, path, 'read')));
  return stream;
}
