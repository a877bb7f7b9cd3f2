/**
 * Running the jobs of a plan: each file is translated into a temporary file next to its target (`.NAME.PID.partial`)
 * renamed over the target when complete, so an interrupted run never leaves a half-written target and a rerun skips
 * finished files. A target that exists and is not a regular file (`-o /dev/null`, a FIFO) is written directly: it
 * must never be replaced by a file. Temporaries left by killed runs are removed first (stale-temporaries.ts).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { TranslateDeps } from '../../pipelines/translate-lines.js';
import type { RemoteLines } from '../../workers/remote-lines.js';
import { FileError } from '../../lib/errors.js';
import { fileError } from '../../lib/io/file-errors.js';
import { removeStaleTemporaries, temporaryOwner } from '../../lib/io/stale-temporaries.js';
import { translateStream, type StreamOutcome, type StreamSettings } from './stream.js';

/** Temporaries are `.TARGET.PID.partial`. */
const PARTIAL_SUFFIX = /\.partial/;

/** Removes temporaries of dead runs in the target directories of `targets`; returns what was removed. */
export async function removeStalePartials(targets: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of new Set(targets.filter((t) => t !== '-').map((t) => dirname(t)))) removed.push(...(await removeStaleTemporaries(dir, temporaryOwner(PARTIAL_SUFFIX))));
  return removed;
}

/** mkdir's errors in words: EEXIST / ENOTDIR mean a file stands where a directory is needed. */
function directoryError(err: unknown, dir: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'EEXIST' && code !== 'ENOTDIR') return fileError(err, dir, 'create');
  return new FileError('E_FILE_UNWRITABLE', `cannot create directory ${dir}: a file is in the way (a part of the path is not a directory); remove it or choose another output path`, { details: { path: dir, errno: code }, cause: err });
}

/** A read stream of `path`, opened before use so that a missing file fails here, naming it. */
async function openInput(path: string): Promise<Readable> {
  const stream = createReadStream(path);
  await once(stream, 'open').catch((err: unknown) => Promise.reject(fileError(err, path, 'read')));
  return stream;
}

/** A write stream of `path`, opened before use. */
async function openOutput(path: string): Promise<Writable> {
  const stream = createWriteStream(path);
  await once(stream, 'open').catch((err: unknown) => Promise.reject(fileError(err, path, 'write')));
  return stream;
}

/** Translates the file `source` (or a stream such as stdin, named `sourceName`) into `target` (module comment). */
export async function translateFile(source: string | Readable, target: string, deps: TranslateDeps | RemoteLines, settings: StreamSettings, sourceName = String(source)): Promise<StreamOutcome> {
  const existing = await stat(target).catch(() => undefined);
  const direct = existing !== undefined && !existing.isFile();
  if (!direct) await mkdir(dirname(target), { recursive: true }).catch((err: unknown) => Promise.reject(directoryError(err, dirname(target))));
  const temp = direct ? target : join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  const input = typeof source === 'string' ? await openInput(source) : source;
  let output: Writable | undefined;
  try {
    output = await openOutput(temp);
    const outcome = await translateStream(input, output, deps, settings, true, { input: sourceName, output: target });
    if (!direct) await rename(temp, target).catch((err: unknown) => Promise.reject(fileError(err, target, 'write')));
    return outcome;
  } catch (err) {
    if (typeof source === 'string') input.destroy();
    output?.destroy();
    if (!direct) await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** Translates the stream `input` (stdin or an opened file) to `output` without ending it (stdout). */
export async function translateToStdout(input: Readable, output: Writable, deps: TranslateDeps | RemoteLines, settings: StreamSettings, inputName: string): Promise<StreamOutcome> {
  return translateStream(input, output, deps, settings, false, { input: inputName, output: 'standard output' });
}

/** Translates the file `source` to stdout (several files are concatenated in order). */
export async function translateFileToStdout(source: string, output: Writable, deps: TranslateDeps | RemoteLines, settings: StreamSettings): Promise<StreamOutcome> {
  const input = await openInput(source);
  try {
    return await translateToStdout(input, output, deps, settings, source);
  } finally {
    input.destroy();
  }
}
