/** Checkpoint files: `saveCheckpoint` writes atomically, `loadCheckpoint` reads and checks (see checkpoint-codec.ts). */
import { readFile } from 'node:fs/promises';
import { CheckpointError } from '../errors.js';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec.js';
import type { Checkpoint, CheckpointKind } from './checkpoint-types.js';

export interface LoadOptions {
  /** Fail with E_CHECKPOINT_KIND unless the file holds this kind of model. */
  expectKind?: CheckpointKind;
}

/**
 * Encodes `checkpoint` and writes it to `path` atomically (temp file in the same directory + fsync + rename): an
 * interrupted save leaves the previous file at `path` intact. `options` is for progress reporting.
 */
export async function saveCheckpoint<C extends object>(path: string, checkpoint: Checkpoint<C>, options: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomic(path, encodeCheckpoint(checkpoint), options);
}

/**
 * Reads and decodes the checkpoint at `path`.
 * @throws CheckpointError E_CHECKPOINT_MISSING (no file), E_CHECKPOINT_TRUNCATED, E_CHECKPOINT_CORRUPT,
 *   E_CHECKPOINT_VERSION (written by a newer s2s), E_CHECKPOINT_KIND (not `expectKind`).
 */
export async function loadCheckpoint(path: string, options: LoadOptions = {}): Promise<Checkpoint> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new CheckpointError('E_CHECKPOINT_MISSING', `no checkpoint at ${path}: check the path (a training run writes model.s2s and last.s2s into its output directory)`, {
        details: { path },
        cause: err,
      });
    }
    throw new CheckpointError('E_CHECKPOINT_MISSING', `cannot read checkpoint ${path} (${code ?? (err as Error).message}): check the path and its permissions`, { details: { path }, cause: err });
  }
  return decodeCheckpoint(bytes, { source: path, ...options });
}
