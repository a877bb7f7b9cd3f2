/**
 * Running the jobs of a plan: each file is translated into a temporary file next to its target (`.NAME.PID.partial`)
 * renamed over the target when complete (`replaceAtomically`, lib/io/atomic-write.ts), so an interrupted run never
 * leaves a half-written target and a rerun skips finished files. A target that exists and is not a regular file
 * (`-o /dev/null`, a FIFO) is written directly: it is never replaced by a file. Temporaries left by killed runs are
 * removed first (`removeStalePartials`).
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type { TranslateDeps } from '../../pipelines/translate-lines.js';
import type { RemoteLines } from '../../workers/remote-lines.js';
import { replaceAtomically, removeStaleTemporariesNear } from '../../lib/io/atomic-write.js';
import { fileError } from '../../lib/io/file-errors.js';
import { OptionError } from '../../lib/errors.js';
import { openInput } from '../cli/open-input.js';
import { translateStream, type StreamOutcome, type StreamSettings } from './stream.js';

/** Removes `.partial` temporaries of dead runs in the target directories of `targets`; returns what was removed. */
export async function removeStalePartials(targets: readonly string[]): Promise<string[]> {
  return removeStaleTemporariesNear(targets, 'partial');
}

/** A write stream of `path` (the temporary of `target`), opened before use; an error names `target`, the user's path. */
async function openOutput(path: string, target: string): Promise<Writable> {
  const stream = createWriteStream(path);
  await once(stream, 'open').catch((err: unknown) => Promise.reject(fileError(err, target, 'write')));
  return stream;
}

/** Translates the file `source` (or a stream such as stdin, named `sourceName`) into `target` (module comment). */
export async function translateFile(
  source: string | Readable,
  target: string,
  deps: TranslateDeps | RemoteLines,
  settings: StreamSettings,
  sourceName = String(source),
): Promise<StreamOutcome> {
  let outcome: StreamOutcome | undefined;
  await replaceAtomically(
    target,
    async (temp) => {
      const input = typeof source === 'string' ? await openInput(source) : source;
      let output: Writable | undefined;
      try {
        output = await openOutput(temp, target);
        outcome = await translateStream(input, output, deps, settings, true, { input: sourceName, output: target });
      } catch (err) {
        if (typeof source === 'string') input.destroy();
        output?.destroy();
        throw err;
      }
    },
    { temporary: 'partial', createDirectory: true },
  );
  return outcome as StreamOutcome;
}

/** Translates the stream `input` (stdin or an opened file) to `output` without ending it (stdout). */
export async function translateToStdout(
  input: Readable,
  output: Writable,
  deps: TranslateDeps | RemoteLines,
  settings: StreamSettings,
  inputName: string,
): Promise<StreamOutcome> {
  return translateStream(input, output, deps, settings, false, { input: inputName, output: 'standard output' });
}

/** Translates the file `source` to stdout (several files are concatenated in order). */
export async function translateFileToStdout(
  source: string,
  output: Writable,
  deps: TranslateDeps | RemoteLines,
  settings: StreamSettings,
): Promise<StreamOutcome> {
  const input = await openInput(source);
  try {
    return await translateToStdout(input, output, deps, settings, source);
  } finally {
    input.destroy();
  }
}

/**
 * Creates the `--attention-svg` directory before the model loads: a path that is a file (`--attention-svg a.svg`
 * taken for one picture) is a usage error here, not a failure after the first translated line.
 */
export async function createPictureDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST' && err.code !== 'ENOTDIR') throw fileError(err, dir, 'create');
    throw new OptionError(
      'E_OPTION_INVALID',
      `--attention-svg ${dir} is a file: it names a directory that gets one picture per line (DIR/1.svg, DIR/2.svg…); give a directory path`,
      { option: '--attention-svg', value: dir },
    );
  });
}
