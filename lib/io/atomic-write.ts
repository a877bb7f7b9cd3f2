/**
 * Atomic file replacement, the one implementation (checkpoints, `s2s translate -o`): readers of `path` see either
 * the old file or the complete new one, never a partial write. Steps: write to a temporary file in the same
 * directory (same filesystem, so rename is atomic), fsync it, rename it over `path`, then fsync the directory (best
 * effort) so the rename survives a crash. On any failure the temporary file is removed and `path` is untouched.
 * Temporaries of `path` left by a killed writer (whose process is gone) are removed first (stale-temporaries.ts).
 * A `path` that exists and is not a regular file (/dev/null, a FIFO, a device) is written directly: it must never be
 * replaced by a file.
 *
 * Temporaries are named after the writer's process id, in one of two styles (`TemporaryNaming`):
 * - `unique`: `.NAME.PID.HEX.tmp`, several writers of one target in one process may overlap (checkpoints);
 * - `partial`: `.NAME.PID.partial`, one writer per target per process (`s2s translate`, whose users see these files
 *   next to a file being translated).
 */
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileError } from '../errors.js';
import { fileError } from './file-errors.js';
import { removeStaleTemporaries, temporaryOwner } from './stale-temporaries.js';

/** The naming style of temporaries (see the file comment). */
export type TemporaryNaming = 'unique' | 'partial';

/** What follows `.NAME.PID` in a temporary's name, per style. */
const SUFFIX: Record<TemporaryNaming, RegExp> = { unique: /\.[0-9a-f]+\.tmp/, partial: /\.partial/ };

/** The temporary of `path` for this process. */
function temporaryPath(path: string, naming: TemporaryNaming): string {
  const tail = naming === 'partial' ? 'partial' : `${randomBytes(4).toString('hex')}.tmp`;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${tail}`);
}

export interface ReplaceOptions {
  /** Temporary naming style (default `unique`). */
  temporary?: TemporaryNaming;
  /** Create the missing directories above `path` first (default false). */
  createDirectory?: boolean;
}

export interface AtomicWriteOptions {
  /** Bytes per write call. Default 8 MiB. */
  chunkSize?: number;
  /** Called after each chunk with the bytes written so far; throwing aborts the write (target left untouched). */
  onProgress?: (written: number, total: number) => void;
}

/** Writes `bytes` to `path` atomically (see the file comment). */
export async function writeFileAtomic(
  path: string,
  bytes: Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const chunkSize = options.chunkSize ?? 8 * 1024 * 1024;
  await replaceAtomically(path, async (temp) => {
    // Only this function's own writes happen here, so a system error is one of writing `path` (e.g. its directory
    // is missing, or the disk is full), named as such instead of by the temporary's name.
    try {
      // A fresh temporary must not exist yet ('wx'); a device written directly does.
      const handle = await open(temp, temp === path ? 'w' : 'wx');
      try {
        let written = 0;
        while (written < bytes.byteLength) {
          const end = Math.min(written + chunkSize, bytes.byteLength);
          // At the current position (a FIFO or a device cannot seek).
          const { bytesWritten } = await handle.write(bytes, written, end - written, null);
          written += bytesWritten;
          options.onProgress?.(written, bytes.byteLength);
        }
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw fileError(err, path, 'write');
    }
  });
}

/**
 * Creates or replaces `path` atomically with whatever `fill` writes to the path it is given (e.g. a streamed
 * translation): the temporary file is then fsynced and renamed over `path` (see the file comment). When `fill`
 * throws, the temporary file is removed and `path` is untouched. For a `path` that is not a regular file (a FIFO,
 * /dev/null), `fill` gets `path` itself.
 * @throws FileError naming the directory that cannot be created (`createDirectory`), or `path` when the rename fails.
 * @example
 * await replaceAtomically('out/a.txt', (temp) => pipeline(source, createWriteStream(temp)));
 */
export async function replaceAtomically(
  path: string,
  fill: (tempPath: string) => Promise<void>,
  options: ReplaceOptions = {},
): Promise<void> {
  const naming = options.temporary ?? 'unique';
  const existing = await stat(path).catch(() => undefined);
  if (existing !== undefined && !existing.isFile()) return fill(path);
  const dir = dirname(path);
  if (options.createDirectory)
    await mkdir(dir, { recursive: true }).catch((err: unknown) => Promise.reject(directoryError(err, dir)));
  await removeStaleTemporaries(dir, temporaryOwner(SUFFIX[naming], basename(path)));
  const temp = temporaryPath(path, naming);
  try {
    await fill(temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path).catch((err: unknown) => Promise.reject(fileError(err, path, 'write')));
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dir);
}

/**
 * Removes the temporaries of dead writers (any target) in the directories of `targets` (`-`, standard output, has
 * none); returns the removed paths, for the caller to report.
 * @example
 * for (const path of await removeStaleTemporariesNear(['out/a.txt'], 'partial')) log(`removed ${path}`);
 */
export async function removeStaleTemporariesNear(
  targets: readonly string[],
  naming: TemporaryNaming = 'unique',
): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of new Set(targets.filter((t) => t !== '-').map((t) => dirname(t))))
    removed.push(...(await removeStaleTemporaries(dir, temporaryOwner(SUFFIX[naming]))));
  return removed;
}

/** mkdir's errors in words: EEXIST / ENOTDIR mean a file stands where a directory is needed. */
function directoryError(err: unknown, dir: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'EEXIST' && code !== 'ENOTDIR') return fileError(err, dir, 'create');
  return new FileError(
    'E_FILE_UNWRITABLE',
    `cannot create directory ${dir}: a file is in the way (a part of the path is not a directory); remove it or choose another output path`,
    { details: { path: dir, errno: code }, cause: err },
  );
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
