/**
 * JSON-lines format: `{"id","text"}` per input line; per output line `{"id","translation","score","nbest",
 * "alignment"}` or `{"id","error":{"code","message"}}`. An input line that is not valid JSON or lacks a string
 * `text` becomes an error record in its place; the stream goes on.
 *
 * @example
 * linesFrom(stdin).pipe(map(parseJsonLine), translate(...), map(formatJsonLine))
 */
import type { TranslationResult } from '../translate.js';
import type { LineInput } from '../types.js';
import { fromInputRecord, toRecord } from './record.js';

/** Parses one input line (never throws). */
export function parseJsonLine(line: string): LineInput {
  try {
    return fromInputRecord(JSON.parse(line) as unknown);
  } catch (err) {
    return { error: { code: 'E_INPUT_INVALID', message: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` } };
  }
}

/** One output line (with its '\n'). */
export function formatJsonLine(result: TranslationResult): string {
  return `${JSON.stringify(toRecord(result))}\n`;
}
