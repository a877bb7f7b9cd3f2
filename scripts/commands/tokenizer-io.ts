/** Shared plumbing of `s2s tokenizer encode|decode`: load a model file, write lines with backpressure. */
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { DataError } from '../../lib/errors.js';
import { SentencePieceTokenizer } from '../../lib/text/sentencepiece-tokenizer.js';

/** Reads and loads a `.model` file. @throws DataError E_INPUT_MISSING when the file does not exist. */
export async function loadModelFile(path: string): Promise<SentencePieceTokenizer> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new DataError(
      'E_INPUT_MISSING',
      `expected a SentencePiece model file at '${path}', but it cannot be read (${(err as Error).message}). Train one with 's2s tokenizer train --out PREFIX' and pass PREFIX.model.`,
      { path },
    );
  }
  return SentencePieceTokenizer.fromBytes(bytes);
}

/**
 * Writes lines one at a time, each handed to the stream at once, waiting for 'drain' when its buffer is full.
 * When the reader goes away (EPIPE, e.g. `| head`), `closed` turns true and further lines are dropped quietly.
 */
export class LineWriter {
  closed = false;

  constructor(private readonly out: Writable) {
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      this.closed = true;
    });
  }

  async write(line: string): Promise<void> {
    if (this.closed) return;
    if (this.out.write(`${line}\n`)) return;
    // Not events.once: it rejects on 'error', and EPIPE is an expected way for the output to end.
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.out.off('drain', done).off('close', done).off('error', done);
        resolve();
      };
      this.out.on('drain', done).on('close', done).on('error', done);
    });
  }
}
