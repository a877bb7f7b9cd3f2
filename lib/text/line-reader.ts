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
}

export interface LineReaderOptions {
  /** Also apply normalizeText (NFKC + space squashing). Default false: SentencePiece normalises by itself. */
  normalize?: boolean;
}

export type ByteSource = AsyncIterable<Uint8Array | string>;

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte source into raw lines (rule 1 of the module comment), without decoding: LF, CRLF or lone CR end a
 * line; a final unterminated line is yielded if non-empty.
 */
export async function* splitByteLines(source: ByteSource): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let skipLeadingLf = false;
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
      pending.push(chunk.subarray(start, i));
      yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      pending = [];
      if (b === CR) {
        if (i + 1 < chunk.length) {
          if (chunk[i + 1] === LF) i++;
        } else skipLeadingLf = true;
      }
      start = i + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.some((p) => p.length > 0)) yield Buffer.concat(pending);
}

/** Drops a UTF-8 BOM (EF BB BF) at the start of `bytes`. */
export function stripBom(bytes: Uint8Array): Uint8Array {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** Yields the lines of `source` per the module rules. */
export async function* readLines(source: ByteSource, options: LineReaderOptions = {}): AsyncGenerator<TextLine> {
  let lineNumber = 0;
  for await (const raw of splitByteLines(source)) {
    const bytes = lineNumber === 0 ? stripBom(raw) : raw;
    const decoded = decodeUtf8(bytes);
    const cleaned = cleanText(decoded.text);
    yield {
      text: options.normalize ? normalizeText(cleaned.text) : cleaned.text,
      lineNumber: ++lineNumber,
      invalidBytes: decoded.invalidBytes,
      replacements: decoded.replacements,
      removedControls: cleaned.removed,
    };
  }
}

/** readLines over a file. */
export function readFileLines(path: string, options: LineReaderOptions = {}): AsyncGenerator<TextLine> {
  return readLines(createReadStream(path), options);
}
