/**
 * Word-level tokenizer (`kind: 'words'`) for synthetic tasks and tests: tokens are the whitespace-separated words.
 *
 * Vocabulary: ids 0–3 are pad/unk/bos/eos (special-ids.ts); then the words of the training text sorted by
 * frequency, descending, ties broken by code-unit order of the word (so the same text always gives the same ids),
 * keeping words seen at least `minCount` times, up to `maxSize` ids in all. Unknown words encode to unk (1);
 * decode joins the words with single spaces and drops pad/bos/eos.
 *
 * Serialized form: UTF-8 JSON `{"format":"s2s-words","version":1,"words":[...]}` where words[i] has id 4 + i.
 *
 * @example
 * const words = WordTokenizer.fromTexts(['a b c', 'a b'], { minCount: 1 });
 * words.decode(words.encode('a c d')); // 'a c <unk>'
 */
import type { Tokenizer } from './tokenizer.js';
import { DataError, OptionError } from '../errors.js';
import { UNK_ID, NUM_SPECIAL_IDS, PAD_ID, BOS_ID, EOS_ID } from './special-ids.js';

export interface WordVocabOptions {
  /** Largest vocabulary, specials included (default: unlimited). */
  maxSize?: number;
  /** Words seen fewer times are left out (default 1). */
  minCount?: number;
}

/** Display strings of the special ids. */
export const WORD_SPECIALS = ['<pad>', '<unk>', '<s>', '</s>'] as const;

const FORMAT = 's2s-words';
const VERSION = 1;

function words(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/u);
}

export class WordTokenizer implements Tokenizer {
  readonly kind = 'words' as const;
  readonly vocabSize: number;
  private readonly ids: Map<string, number>;

  /** @param words the ordinary words; words[i] gets id 4 + i. */
  constructor(readonly words: readonly string[]) {
    this.vocabSize = NUM_SPECIAL_IDS + words.length;
    this.ids = new Map(words.map((w, i) => [w, NUM_SPECIAL_IDS + i]));
    if (this.ids.size !== words.length)
      throw new DataError(
        'E_TOKENIZER_MODEL',
        `expected distinct words in a word vocabulary, found ${words.length - this.ids.size} duplicates`,
      );
  }

  /** Builds the vocabulary from training lines (rule in the module comment). */
  static fromTexts(texts: Iterable<string>, options: WordVocabOptions = {}): WordTokenizer {
    const minCount = options.minCount ?? 1;
    const maxSize = options.maxSize ?? Number.POSITIVE_INFINITY;
    if (maxSize < NUM_SPECIAL_IDS)
      throw new OptionError(
        'E_OPTION_INVALID',
        `word vocabulary max size must be ≥ ${NUM_SPECIAL_IDS} (the special ids), got ${maxSize}`,
        { maxSize },
      );
    const counts = new Map<string, number>();
    for (const text of texts) for (const w of words(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
    const sorted = [...counts]
      .filter(([, c]) => c >= minCount)
      .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, maxSize - NUM_SPECIAL_IDS)
      .map(([w]) => w);
    return new WordTokenizer(sorted);
  }

  /** Rebuilds a tokenizer from `serialize()` bytes. @throws DataError E_TOKENIZER_MODEL on foreign or corrupt bytes. */
  static fromBytes(bytes: Uint8Array): WordTokenizer {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (err) {
      throw new DataError(
        'E_TOKENIZER_MODEL',
        `expected word-tokenizer bytes (UTF-8 JSON, format '${FORMAT}'), but they do not parse: ${(err as Error).message}`,
      );
    }
    const p = parsed as { format?: unknown; version?: unknown; words?: unknown };
    if (
      p.format !== FORMAT ||
      typeof p.version !== 'number' ||
      !Array.isArray(p.words) ||
      !p.words.every((w) => typeof w === 'string')
    ) {
      throw new DataError(
        'E_TOKENIZER_MODEL',
        `expected a word vocabulary {format: '${FORMAT}', version, words: string[]}, found format ${JSON.stringify(p.format)}`,
      );
    }
    if (p.version > VERSION)
      throw new DataError(
        'E_TOKENIZER_MODEL',
        `word vocabulary format version ${p.version} is newer than this library's ${VERSION}; upgrade s2s`,
      );
    return new WordTokenizer(p.words as string[]);
  }

  encode(text: string): number[] {
    return words(text).map((w) => this.ids.get(w) ?? UNK_ID);
  }

  encodePieces(text: string): string[] {
    return words(text).map((w) => (this.ids.has(w) ? w : WORD_SPECIALS[UNK_ID]));
  }

  /** Joins the words of the ids with single spaces; pad/bos/eos are skipped, unk shows as `<unk>`. */
  decode(ids: readonly number[]): string {
    return ids
      .filter((id) => id !== PAD_ID && id !== BOS_ID && id !== EOS_ID)
      .map((id) => this.idToPiece(id))
      .join(' ');
  }

  idToPiece(id: number): string {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
      throw new DataError(
        'E_TOKEN_ID',
        `expected token ids that are integers in [0, ${this.vocabSize}) for this word vocabulary, got ${id}`,
        { id, vocabSize: this.vocabSize },
      );
    }
    return id < NUM_SPECIAL_IDS ? WORD_SPECIALS[id as 0 | 1 | 2 | 3] : this.words[id - NUM_SPECIAL_IDS]!;
  }

  serialize(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify({ format: FORMAT, version: VERSION, words: this.words }));
  }
}
