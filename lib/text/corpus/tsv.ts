/**
 * TSV corpora with a header row naming the columns (e.g. `ref<TAB>en_web<TAB>es_rv1909`). Fields are separated by
 * single tabs; there is no quoting. Lines go through the hygiene of line-reader.ts (UTF-8 repair, CR/LF, BOM,
 * control characters) — tabs are split on first, so they never reach the cleaner.
 */
import { createReadStream } from 'node:fs';
import { DataError } from '../../errors.js';
import { decodeUtf8 } from '../utf8.js';
import { cleanText } from '../clean-text.js';
import { MAX_LINE_BYTES, splitBoundedByteLines, stripBom, type ByteSource } from '../line-reader.js';

export interface TsvRow {
  /** 1-based line number in the file (the header is line 1). */
  lineNumber: number;
  /** The requested columns' values, in the order the columns were requested. */
  values: string[];
  /** Invalid UTF-8 bytes replaced on this line. */
  invalidBytes: number;
}

export interface TsvOptions {
  /** Column names to extract (must all be in the header). */
  columns: readonly string[];
  /** Name of the source, for messages. */
  name?: string;
  /** Longest row accepted, in bytes (default `MAX_LINE_BYTES`). */
  maxLineBytes?: number;
}

/**
 * Reads the named columns of a TSV stream.
 * @throws DataError E_TSV_EMPTY (no header), E_TSV_COLUMN (a requested column is not in the header; the message
 *   lists the available ones), E_TSV_ROW (a row has fewer fields than the header, or is over `maxLineBytes`).
 */
export async function* readTsv(source: ByteSource, options: TsvOptions): AsyncGenerator<TsvRow> {
  const name = options.name ?? 'TSV input';
  let indices: number[] | undefined;
  let width = 0;
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  for await (const { lineNumber, fields, invalidBytes, droppedBytes } of readTabFields(source, maxLineBytes)) {
    if (droppedBytes > 0) {
      throw new DataError(
        'E_TSV_ROW',
        `${name} line ${lineNumber}: ${droppedBytes} bytes, over the limit of ${maxLineBytes} bytes for one row. Check that the file is a TSV corpus with one sentence pair per line.`,
        { line: lineNumber, bytes: droppedBytes, maxLineBytes },
      );
    }
    if (!indices) {
      indices = resolveColumns(fields, options.columns, name);
      width = fields.length;
      continue;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length < width) {
      throw new DataError(
        'E_TSV_ROW',
        `${name} line ${lineNumber}: expected ${width} tab-separated fields as in the header, found ${fields.length}. Fix the row (missing tab?) or remove it.`,
        { line: lineNumber, expected: width, found: fields.length },
      );
    }
    yield { lineNumber, values: indices.map((i) => fields[i]!), invalidBytes };
  }
  if (!indices)
    throw new DataError(
      'E_TSV_EMPTY',
      `${name}: expected a header row naming the columns, found an empty file. Add a header such as 'ref<TAB>en<TAB>es'.`,
    );
}

/**
 * The tab-separated fields of every line (no header handling), each field cleaned as a line of text. A line over
 * `maxLineBytes` is not kept (memory stays bounded): it yields one empty field and the number of bytes dropped.
 */
export async function* readTabFields(
  source: ByteSource,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<{ lineNumber: number; fields: string[]; invalidBytes: number; droppedBytes: number }> {
  let lineNumber = 0;
  for await (const { bytes, droppedBytes } of splitBoundedByteLines(source, maxLineBytes)) {
    lineNumber++;
    const decoded = decodeUtf8(lineNumber === 1 ? stripBom(bytes) : bytes);
    yield {
      lineNumber,
      fields: decoded.text.split('\t').map((f) => cleanText(f).text),
      invalidBytes: decoded.invalidBytes,
      droppedBytes,
    };
  }
}

/** readTsv over a file path. */
export function readTsvFile(path: string, columns: readonly string[]): AsyncGenerator<TsvRow> {
  return readTsv(createReadStream(path), { columns, name: path });
}

function resolveColumns(header: readonly string[], columns: readonly string[], name: string): number[] {
  const bare = header.map((h) => h.trim());
  if (columns.length === 0) {
    throw new DataError(
      'E_TSV_COLUMN',
      `${name}: expected at least one column name to read; available columns: ${bare.join(', ')}. Name the columns to read.`,
      { available: bare },
    );
  }
  return columns.map((column) => {
    const index = bare.indexOf(column);
    if (index < 0) {
      throw new DataError(
        'E_TSV_COLUMN',
        `${name}: no column named '${column}'; available columns: ${bare.join(', ')}. Use one of those names.`,
        { column, available: bare },
      );
    }
    return index;
  });
}
