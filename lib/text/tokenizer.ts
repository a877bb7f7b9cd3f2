/**
 * The tokenizer contract shared by models, training and pipelines. Two implementations: SentencePiece
 * (`sentencepiece-js`, the default for real text) and a word-level vocabulary (`words`, whitespace tokens, for
 * synthetic tasks). Ids 0–3 are pad/unk/bos/eos (see special-ids.ts) in both.
 */
export type TokenizerKind = 'sentencepiece' | 'words';

export interface Tokenizer {
  readonly kind: TokenizerKind;
  /** Number of ids, specials included. */
  readonly vocabSize: number;
  /** Text → ids, without bos/eos. */
  encode(text: string): number[];
  /** Text → pieces (strings), parallel to `encode`. */
  encodePieces(text: string): string[];
  /** Ids → text; special ids (pad/bos/eos) are skipped. */
  decode(ids: readonly number[]): string;
  /** The piece string of one id (for alignments, n-best display). */
  idToPiece(id: number): string;
  /** Self-contained bytes from which `loadTokenizer(kind, bytes)` rebuilds an identical tokenizer (for checkpoints). */
  serialize(): Uint8Array;
}
