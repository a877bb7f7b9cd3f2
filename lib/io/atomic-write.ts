/**
 * Atomic file replacement: readers of `path` see either the old file or the complete new one, never a partial
 * write. Steps: write to a temporary file in the same directory (same filesystem, so rename is atomic), fsync it,
 * rename it over `path`, then fsync the directory (best effort) so the rename survives a crash. On any failure the
 * temporary file is removed and `path` is untouched. Temporaries of `path` left by a killed writer (whose process is
 * gone) are removed first (stale-temporaries.ts).
 */
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { removeStaleTemporaries, temporaryOwner } from './stale-temporaries.js';

/** Temporaries are `.BASENAME.PID.HEX.tmp`. */
const TEMPORARY_SUFFIX = /\.[0-9a-f]+\.tmp/;

export interface AtomicWriteOptions {
  /** Bytes per write call. Default 8 MiB. */
  chunkSize?: number;
  /** Called after each chunk with the bytes written so far; throwing aborts the write (target left untouched). */
  onProgress?: (written: number, total: number) => void;
}

/** Writes `bytes` to `path` atomically (see the file comment). */
export async function writeFileAtomic(path: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const chunkSize = options.chunkSize ?? 8 * 1024 * 1024;
  await replaceAtomically(path, async (temp) => {
    const handle = await open(temp, 'wx');
    try {
      let written = 0;
      while (written < bytes.byteLength) {
        const end = Math.min(written + chunkSize, bytes.byteLength);
        const { bytesWritten } = await handle.write(bytes, written, end - written, written);
        written += bytesWritten;
        options.onProgress?.(written, bytes.byteLength);
      }
    } finally {
      await handle.close();
    }
  });
}

/**
 * Creates or replaces `path` atomically with whatever `fill` writes to the temporary path it is given (e.g. a
 * streamed translation): the temporary file is then fsynced and renamed over `path` (see the file comment). When
 * `fill` throws, the temporary file is removed and `path` is untouched.
 * @example
 * await replaceAtomically('out/a.txt', (temp) => pipeline(source, createWriteStream(temp)));
 */
export async function replaceAtomically(path: string, fill: (tempPath: string) => Promise<void>): Promise<void> {
  const dir = dirname(path);
  await removeStaleTemporaries(dir, temporaryOwner(TEMPORARY_SUFFIX, basename(path)));
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fill(temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dir);
}

/** fsync a directory so a rename in it is durable; ignored where directories cannot be opened (e.g. Windows). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability only; the rename itself already happened.
  }
}
