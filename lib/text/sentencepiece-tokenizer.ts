/**
 * SentencePiece tokenizer on `sentencepiece-js` (WebAssembly). Built from the model's bytes alone, so a checkpoint
 * that embeds those bytes needs no side files. Encoding gives exactly the ids of `spm_encode --output_format=id`
 * with the same model (tested on the whole Bible dev set).
 *
 * Ids 0–3 are pad/unk/bos/eos when the model was trained by `trainSentencePiece` (checked at load time).
 *
 * encode(text) = spm(cleanText(text)): the project's control-character rule (clean-text.ts) is applied first, so
 * NUL and other controls are removed the same way everywhere (SentencePiece alone would keep NUL and most C1
 * controls as byte pieces). On text without control characters this is exactly spm_encode. With that,
 * decode(encode(s)) === normalizeText(s) (normalize.ts) for text the model covers (byte fallback covers the rest).
 *
 * @example
 * const spm = await SentencePieceTokenizer.fromBytes(await readFile('fixtures/tokenizers/bible-8k.model'));
 * const ids = spm.encode('In the beginning.'); // the ids spm_encode gives
 * spm.decode(ids); // 'In the beginning.'
 */
import type { Tokenizer } from './tokenizer.js';
import { DataError } from '../errors.js';
import { cleanText } from './clean-text.js';
import { PAD_ID, UNK_ID, BOS_ID, EOS_ID } from './special-ids.js';
import {
  processorFromBytes,
  withView,
  drainVector,
  type ProcessorHandle,
  type SpmWasmModule,
} from './spm/wasm-module.js';
import { readModelPieces, PieceType, type ModelPiece } from './spm/model-proto.js';

/** Lone UTF-16 surrogates cannot be encoded as UTF-8; they become U+FFFD before reaching the C++ side. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export class SentencePieceTokenizer implements Tokenizer {
  readonly kind = 'sentencepiece' as const;
  readonly vocabSize: number;
  private readonly pieceIds: Map<string, number>;

  private constructor(
    private readonly module: SpmWasmModule,
    private readonly processor: ProcessorHandle,
    private readonly modelBytes: Uint8Array,
    readonly pieces: readonly ModelPiece[],
  ) {
    this.vocabSize = pieces.length;
    this.pieceIds = new Map(pieces.map((p, id) => [p.piece, id]));
  }

  /**
   * Loads a tokenizer from the bytes of a `.model` file.
   * @throws DataError E_TOKENIZER_MODEL if the bytes are not a model, E_TOKENIZER_SPECIALS if ids 0–3 are not
   *   pad/unk/bos/eos (train with `trainSentencePiece`, which fixes them).
   */
  static async fromBytes(bytes: Uint8Array): Promise<SentencePieceTokenizer> {
    const copy = new Uint8Array(bytes);
    const pieces = readModelPieces(copy);
    checkSpecialIds(pieces);
    const { module, processor } = await processorFromBytes(copy);
    return new SentencePieceTokenizer(module, processor, copy, pieces);
  }

  encode(text: string): number[] {
    return drainVector(withView(this.module, wellFormed(text), (view) => this.processor.EncodeAsIds(view)));
  }

  encodePieces(text: string): string[] {
    return drainVector(withView(this.module, wellFormed(text), (view) => this.processor.EncodeAsPieces(view)));
  }

  /** Encodes each text of a batch (same result as mapping `encode`). */
  encodeBatch(texts: readonly string[]): number[][] {
    return texts.map((t) => this.encode(t));
  }

  /**
   * Ids → text. pad/bos/eos (control pieces) produce nothing; unk produces ` ⁇ ` as in spm_decode.
   * @throws DataError E_TOKEN_ID for ids that are not integers in [0, vocabSize).
   */
  decode(ids: readonly number[]): string {
    for (const id of ids) this.checkId(id);
    const vector = this.module.vecFromJSArray(ids);
    try {
      return this.processor.DecodeIds(vector);
    } finally {
      vector.delete();
    }
  }

  decodeBatch(batch: readonly (readonly number[])[]): string[] {
    return batch.map((ids) => this.decode(ids));
  }

  idToPiece(id: number): string {
    this.checkId(id);
    return this.pieces[id]!.piece;
  }

  /** The id of a piece, or unk (1) when the model has no such piece. */
  pieceToId(piece: string): number {
    return this.pieceIds.get(piece) ?? UNK_ID;
  }

  /** The exact `.model` bytes (a standard SentencePiece ModelProto). */
  serialize(): Uint8Array {
    return new Uint8Array(this.modelBytes);
  }

  private checkId(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
      throw new DataError(
        'E_TOKEN_ID',
        `expected token ids that are integers in [0, ${this.vocabSize}) for this SentencePiece model, got ${id}. Decode ids produced with the same tokenizer.`,
        { id, vocabSize: this.vocabSize },
      );
    }
  }
}

/** cleanText, then lone surrogates → U+FFFD (they have no UTF-8 form). */
function wellFormed(text: string): string {
  return cleanText(text).text.replace(LONE_SURROGATE, '\uFFFD');
}

/** The project's fixed special ids: 0 pad, 1 unk, 2 bos, 3 eos (spm_train --pad_id=0 --unk_id=1 --bos_id=2 --eos_id=3). */
function checkSpecialIds(pieces: readonly ModelPiece[]): void {
  const expected: [number, PieceType, string][] = [
    [PAD_ID, PieceType.Control, 'pad'],
    [UNK_ID, PieceType.Unknown, 'unk'],
    [BOS_ID, PieceType.Control, 'bos'],
    [EOS_ID, PieceType.Control, 'eos'],
  ];
  for (const [id, type, name] of expected) {
    const found = pieces[id];
    if (!found || found.type !== type) {
      throw new DataError(
        'E_TOKENIZER_SPECIALS',
        `expected id ${id} to be the ${name} piece (type ${PieceType[type]}), found ${found ? `'${found.piece}' (type ${PieceType[found.type] ?? found.type})` : 'nothing'}. Retrain it with these ids (spm_train --pad_id=0 --unk_id=1 --bos_id=2 --eos_id=3, as trainSentencePiece does).`,
        { id, found: found?.piece },
      );
    }
  }
}
