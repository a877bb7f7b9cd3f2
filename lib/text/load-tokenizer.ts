/** Rebuilds a tokenizer from the `kind` and `serialize()` bytes stored in a checkpoint. */
import type { Tokenizer, TokenizerKind } from './tokenizer.js';
import { DataError } from '../errors.js';
import { SentencePieceTokenizer } from './sentencepiece-tokenizer.js';
import { WordTokenizer } from './word-tokenizer.js';

/**
 * @throws DataError E_TOKENIZER_KIND for an unknown kind; E_TOKENIZER_MODEL when the bytes do not fit the kind.
 */
export async function loadTokenizer(kind: TokenizerKind, bytes: Uint8Array): Promise<Tokenizer> {
  switch (kind) {
    case 'sentencepiece':
      return SentencePieceTokenizer.fromBytes(bytes);
    case 'words':
      return WordTokenizer.fromBytes(bytes);
    default:
      throw new DataError(
        'E_TOKENIZER_KIND',
        `expected tokenizer kind 'sentencepiece' or 'words', found '${String(kind)}'. The checkpoint may come from a newer s2s; upgrade.`,
        { kind },
      );
  }
}
