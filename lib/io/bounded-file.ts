/**
 * Reading a file a user named, safely: it must be a regular file (not a directory, a device such as /dev/zero, a
 * FIFO or a socket, which could block or never end), and at most `maxBytes` long. The size is checked before
 * reading and again while reading (the file may grow), so memory stays bounded whatever the path points at.
 *
 * @example
 * const bytes = await readBoundedFile('model.s2s', { maxBytes: 2 ** 30, what: 'model file' });
 */
import { createReadStream, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { FileError } from '../errors.js';
import { fileError } from './file-errors.js';

export interface BoundedFileOptions {
  /** Largest accepted size in bytes. */
  maxBytes: number;
  /** What the file is, for messages ('model file', 'input'). */
  what: string;
  /** How to raise the limit, for the too-large message (e.g. 'set S2S_MAX_MODEL_BYTES'). */
  raiseHint?: string;
}

/** The file type of a `stat` result in words. */
function describeType(s: {
  isDirectory(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isFIFO()) return 'a pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** `stat(path)`, its failure as a `FileError` naming the path. */
async function statForReading(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (err) {
    throw fileError(err, path, 'read');
  }
}

/**
 * Checks that `path` is a regular file of at most `maxBytes`; returns its size.
 * @throws FileError E_FILE_MISSING / E_FILE_UNREADABLE (errno), E_FILE_NOT_REGULAR, E_FILE_TOO_LARGE.
 */
export async function checkRegularFile(path: string, options: BoundedFileOptions): Promise<number> {
  const info = await statForReading(path);
  if (!info.isFile()) {
    throw new FileError(
      'E_FILE_NOT_REGULAR',
      `${options.what} ${path} is ${describeType(info)}, not a regular file; give the path of a file`,
      { details: { path } },
    );
  }
  if (info.size > options.maxBytes) throw tooLarge(path, info.size, options);
  return info.size;
}

/**
 * Reads the whole regular file at `path`, refusing anything else or anything over `maxBytes` (module comment).
 * @throws FileError as `checkRegularFile`, or an errno `FileError` while reading.
 */
export async function readBoundedFile(path: string, options: BoundedFileOptions): Promise<Uint8Array> {
  await checkRegularFile(path, options);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw fileError(err, path, 'read');
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new FileError(
        'E_FILE_NOT_REGULAR',
        `${options.what} ${path} is ${describeType(info)}, not a regular file; give the path of a file`,
        { details: { path } },
      );
    // One byte more than allowed tells a file that grew past the limit after the stat.
    const buffer = Buffer.alloc(Math.min(info.size, options.maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > options.maxBytes) throw tooLarge(path, length, options);
    return buffer.subarray(0, length);
  } catch (err) {
    throw fileError(err, path, 'read');
  } finally {
    await handle.close();
  }
}

/**
 * Reads what `path` yields — a regular file, a pipe, `/dev/stdin`, a process substitution — and stops with
 * E_FILE_TOO_LARGE once more than `maxBytes` arrived, so a device that never ends (`/dev/zero`) or a huge file costs
 * at most `maxBytes` of memory. Directories are refused before reading.
 * @throws FileError E_FILE_MISSING / E_FILE_UNREADABLE (errno), E_FILE_NOT_REGULAR (a directory), E_FILE_TOO_LARGE.
 */
export async function readBoundedStream(path: string, options: BoundedFileOptions): Promise<Buffer> {
  if ((await statForReading(path)).isDirectory()) {
    throw new FileError('E_FILE_NOT_REGULAR', `${options.what} ${path} is a directory; give the path of a file`, {
      details: { path },
    });
  }
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = createReadStream(path);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > options.maxBytes) throw tooLarge(path, length, options);
      chunks.push(chunk);
    }
  } catch (err) {
    throw err instanceof FileError ? err : fileError(err, path, 'read');
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, length);
}

function tooLarge(path: string, size: number, options: BoundedFileOptions): FileError {
  const hint = options.raiseHint ? `; ${options.raiseHint}` : '';
  return new FileError(
    'E_FILE_TOO_LARGE',
    `${options.what} ${path} is over the limit of ${options.maxBytes} bytes (${size} bytes): check that it is the right file${hint}`,
    {
      details: { path, size, maxBytes: options.maxBytes },
    },
  );
}
