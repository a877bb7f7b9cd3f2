/** Shared plumbing of `s2s tokenizer encode|decode`: load a model file (lines are written by scripts/cli/line-writer.ts). */
import { readFile } from 'node:fs/promises';
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
