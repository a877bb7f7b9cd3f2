/**
 * Checkpoint files: `saveCheckpoint` writes atomically, `loadCheckpoint` reads and checks (see checkpoint-codec.ts).
 *
 * @example
 * const checkpoint = await loadCheckpoint('runs/x/model.s2s', { expectKind: 'seq2seq' });
 * await saveCheckpoint('runs/x/copy.s2s', { ...checkpoint, weightStorage: 'float16' });
 */
import { CheckpointError, FileError } from '../errors.js';
import { readBoundedFile } from './bounded-file.js';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec.js';
import type { Checkpoint, CheckpointKind } from './checkpoint-types.js';

export interface LoadOptions {
  /** Fail with E_CHECKPOINT_KIND unless the file holds this kind of model. */
  expectKind?: CheckpointKind;
  /** Largest file accepted, in bytes (default `MAX_CHECKPOINT_BYTES`). */
  maxBytes?: number;
}

/** Default size cap of a checkpoint file: 1 GiB, or `S2S_MAX_MODEL_BYTES` when set (far above this project's models). */
export function maxCheckpointBytes(): number {
  const fromEnv = Number(process.env['S2S_MAX_MODEL_BYTES']);
  return Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : 2 ** 30;
}

/**
 * Encodes `checkpoint` and writes it to `path` atomically (temp file in the same directory + fsync + rename): an
 * interrupted save leaves the previous file at `path` intact. `options` is for progress reporting.
 */
export async function saveCheckpoint<C extends object>(
  path: string,
  checkpoint: Checkpoint<C>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await writeFileAtomic(path, encodeCheckpoint(checkpoint), options);
}

/**
 * Reads and decodes the checkpoint at `path`.
 * Only a regular file of at most `maxBytes` is read (a device such as /dev/zero, a FIFO or a directory is refused
 * before reading, so memory stays bounded).
 * @throws CheckpointError E_CHECKPOINT_MISSING (no file or unreadable), E_CHECKPOINT_NOT_FILE, E_CHECKPOINT_TOO_LARGE,
 *   E_CHECKPOINT_TRUNCATED, E_CHECKPOINT_CORRUPT,
 *   E_CHECKPOINT_VERSION (written by a newer s2s), E_CHECKPOINT_KIND (not `expectKind`).
 */
export async function loadCheckpoint(path: string, options: LoadOptions = {}): Promise<Checkpoint> {
  let bytes: Uint8Array;
  try {
    bytes = await readBoundedFile(path, {
      maxBytes: options.maxBytes ?? maxCheckpointBytes(),
      what: 'checkpoint',
      raiseHint: 'set S2S_MAX_MODEL_BYTES to accept larger models',
    });
  } catch (err) {
    if (!(err instanceof FileError)) throw err;
    if (err.code === 'E_FILE_MISSING' && err.details['errno'] === 'ENOENT') {
      throw new CheckpointError(
        'E_CHECKPOINT_MISSING',
        `no checkpoint at ${path}: check the path (a training run writes model.s2s and last.s2s into its output directory)`,
        {
          details: { path },
          cause: err,
        },
      );
    }
    const code =
      err.code === 'E_FILE_NOT_REGULAR' || err.code === 'E_FILE_IS_DIRECTORY'
        ? 'E_CHECKPOINT_NOT_FILE'
        : err.code === 'E_FILE_TOO_LARGE'
          ? 'E_CHECKPOINT_TOO_LARGE'
          : 'E_CHECKPOINT_MISSING';
    throw new CheckpointError(code, err.message, { details: { ...err.details, path }, cause: err });
  }
  return decodeCheckpoint(bytes, { source: path, ...options });
}
