/**
 * Minimal reader for the `pieces` of a SentencePiece `ModelProto` (sentencepiece_model.proto), because the embind
 * processor in `sentencepiece-js` exposes neither `GetPieceSize` nor `IdToPiece`.
 *
 * Protobuf wire format: each field is a varint key `(fieldNumber << 3) | wireType`, then
 * wireType 0 → varint, 1 → 8 bytes, 2 → varint length + bytes, 5 → 4 bytes.
 * ModelProto field 1 (repeated, length-delimited) is `SentencePiece { 1: piece string, 2: score float, 3: type enum }`;
 * a piece's id is its index in that list. All other fields are skipped.
 */
import { DataError } from '../../errors.js';

/** `SentencePiece.Type` from sentencepiece_model.proto. */
export enum PieceType {
  Normal = 1,
  Unknown = 2,
  Control = 3,
  UserDefined = 4,
  Byte = 6,
  Unused = 5,
}

export interface ModelPiece {
  piece: string;
  score: number;
  type: PieceType;
}

const utf8 = new TextDecoder('utf-8');

class ProtoReader {
  pos: number;
  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Little-endian base-128 varint (values here stay below 2^53). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.end) throw corrupt('a varint runs past the end');
      const byte = this.bytes[this.pos++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
      if (scale > 2 ** 63) throw corrupt('a varint is longer than 10 bytes');
    }
  }

  /** Returns the [start, end) range of a length-delimited field and skips past it. */
  lengthDelimited(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    if (start + length > this.end) throw corrupt(`a field of ${length} bytes runs past the end`);
    this.pos += length;
    return [start, start + length];
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.lengthDelimited();
    else if (wireType === 5) this.pos += 4;
    else throw corrupt(`unsupported wire type ${wireType}`);
    if (this.pos > this.end) throw corrupt('a field runs past the end');
  }
}

function corrupt(what: string): DataError {
  return new DataError(
    'E_TOKENIZER_MODEL',
    `expected a SentencePiece model (protobuf ModelProto), but ${what}. Use the PREFIX.model file written by spm_train (or trainSentencePiece).`,
  );
}

/** Parses the piece list (id = index) from serialized ModelProto bytes. */
export function readModelPieces(bytes: Uint8Array): ModelPiece[] {
  const top = new ProtoReader(bytes, 0, bytes.length);
  const pieces: ModelPiece[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (!top.done) {
    const key = top.varint();
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    if (field !== 1 || wireType !== 2) {
      top.skip(wireType);
      continue;
    }
    const [start, end] = top.lengthDelimited();
    const inner = new ProtoReader(bytes, start, end);
    const entry: ModelPiece = { piece: '', score: 0, type: PieceType.Normal };
    while (!inner.done) {
      const k = inner.varint();
      const f = Math.floor(k / 8);
      const w = k & 7;
      if (f === 1 && w === 2) {
        const [s, e] = inner.lengthDelimited();
        entry.piece = utf8.decode(bytes.subarray(s, e));
      } else if (f === 2 && w === 5) {
        if (inner.pos + 4 > end) throw corrupt('a piece score runs past the end');
        entry.score = view.getFloat32(inner.pos, true);
        inner.pos += 4;
      } else if (f === 3 && w === 0) {
        entry.type = inner.varint() as PieceType;
      } else inner.skip(w);
    }
    pieces.push(entry);
  }
  if (pieces.length === 0) throw corrupt('it holds no pieces');
  return pieces;
}
