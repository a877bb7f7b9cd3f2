/**
 * Turns a byte stream (a Node Readable, or any async iterable of byte chunks) into lines of clean text.
 *
 * Rules, in order:
 * 1. Lines end at LF, CRLF or a lone CR (a CRLF split across two chunks still ends one line). The bytes 0x0A and
 *    0x0D never occur inside a multi-byte UTF-8 sequence, so lines are cut on bytes before decoding and an
 *    invalid or multi-byte sequence split across chunk boundaries is decoded whole.
 * 2. A UTF-8 BOM (EF BB BF) at the start of the stream is dropped.
 * 3. Each line is decoded as UTF-8 with invalid sequences → U+FFFD, counted per line (utf8.ts).
 * 4. Control characters are cleaned (clean-text.ts); optionally the text is normalised (normalize.ts).
 * Empty lines are yielded as empty strings; a final line without a terminator is yielded if non-empty.
 * 5. A line longer than `maxLineBytes` (default 256 MiB) is not kept: its bytes are dropped as they arrive and it is
 *    yielded as an empty line with `droppedBytes` set, so memory stays bounded whatever the input.
 */
import { createReadStream } from 'node:fs';
import { decodeUtf8 } from './utf8.js';
import { cleanText } from './clean-text.js';
import { normalizeText } from './normalize.js';

export interface TextLine {
  /** The cleaned text, without its line terminator. */
  text: string;
  /** 1-based line number in the stream. */
  lineNumber: number;
  /** Invalid UTF-8 bytes replaced by U+FFFD on this line. */
  invalidBytes: number;
  /** U+FFFD substitutions made on this line. */
  replacements: number;
  /** Control characters / BOMs removed from this line. */
  removedControls: number;
  /** Bytes of a line over `maxLineBytes`, dropped (the line's text is then empty); 0 for a normal line. */
  droppedBytes: number;
}

/** Default bound on one line's bytes. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

export interface LineReaderOptions {
  /** Also apply normalizeText (NFKC + space squashing). Default false: SentencePiece normalises by itself. */
  normalize?: boolean;
  /** Longest line kept, in bytes (default `MAX_LINE_BYTES`); longer ones are dropped and reported (rule 5). */
  maxLineBytes?: number;
}

/** One line's bytes, or the count of bytes dropped from a line over the bound. */
export interface RawLine {
  bytes: Uint8Array;
  droppedBytes: number;
}

export type ByteSource = AsyncIterable<Uint8Array | string>;

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte source into raw lines (rule 1 of the module comment), without decoding: LF, CRLF or lone CR end a
 * line; a final unterminated line is yielded if non-empty. Rule 5: a line over `maxLineBytes` yields empty bytes and
 * the number of bytes dropped.
 */
export async function* splitBoundedByteLines(source: ByteSource, maxLineBytes: number): AsyncGenerator<RawLine> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  // Bytes dropped from the current line (it went over the bound).
  let dropped = 0;
  let skipLeadingLf = false;
  const take = (part: Uint8Array): void => {
    if (dropped > 0 || pendingBytes + part.length > maxLineBytes) {
      dropped += pendingBytes + part.length;
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(part);
    pendingBytes += part.length;
  };
  const finish = (): RawLine => {
    const line =
      dropped > 0
        ? { bytes: new Uint8Array(0), droppedBytes: dropped }
        : { bytes: pending.length === 1 ? pending[0]! : Buffer.concat(pending), droppedBytes: 0 };
    pending = [];
    pendingBytes = 0;
    dropped = 0;
    return line;
  };
  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let start = 0;
    if (skipLeadingLf && chunk.length > 0) {
      if (chunk[0] === LF) start = 1;
      skipLeadingLf = false;
    }
    for (let i = start; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b !== LF && b !== CR) continue;
      take(chunk.subarray(start, i));
      yield finish();
      if (b === CR) {
        if (i + 1 < chunk.length) {
          if (chunk[i + 1] === LF) i++;
        } else skipLeadingLf = true;
      }
      start = i + 1;
    }
    if (start < chunk.length) take(chunk.subarray(start));
  }
  if (pendingBytes > 0 || dropped > 0) yield finish();
}

/** Drops a UTF-8 BOM (EF BB BF) at the start of `bytes`. */
export function stripBom(bytes: Uint8Array): Uint8Array {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** Yields the lines of `source` per the module rules. */
export async function* readLines(source: ByteSource, options: LineReaderOptions = {}): AsyncGenerator<TextLine> {
  let lineNumber = 0;
  for await (const raw of splitBoundedByteLines(source, options.maxLineBytes ?? MAX_LINE_BYTES)) {
    const bytes = lineNumber === 0 ? stripBom(raw.bytes) : raw.bytes;
    const decoded = decodeUtf8(bytes);
    const cleaned = cleanText(decoded.text);
    yield {
      text: options.normalize ? normalizeText(cleaned.text) : cleaned.text,
      lineNumber: ++lineNumber,
      invalidBytes: decoded.invalidBytes,
      replacements: decoded.replacements,
      removedControls: cleaned.removed,
      droppedBytes: raw.droppedBytes,
    };
  }
}

/** readLines over a file. */
export function readFileLines(path: string, options: LineReaderOptions = {}): AsyncGenerator<TextLine> {
  return readLines(createReadStream(path), options);
}
