/**
 * JSON-lines format: `{"id","text"}` per input line; per output line `{"id","line","translation","score","nbest",
 * "alignment"}` or `{"id","line","error":{"code","message"}}`. An input line that is not valid JSON or lacks a string
 * `text` becomes an error record in its place; the stream goes on.
 *
 * Ids are kept as given: strings stay strings, numbers stay numbers, and integers beyond 2^53 (which `JSON.parse`
 * would round) keep their exact digits (a `bigint` inside, the same digits in the output). A line without a usable
 * id gets `"id": null`; `line` (1-based input line number) always says which line a record answers.
 *
 * @example
 * linesFrom(stdin).pipe(map(parseJsonLine), translate(...), map(formatJsonLine))
 */
import type { TranslationResult } from '../translate.js';
import type { LineInput } from '../types.js';
import { rawMember } from './json-member.js';
import { fromInputRecord, toRecord } from './record.js';

/** Parses one input line (never throws). */
export function parseJsonLine(line: string): LineInput {
  let value: unknown;
  try {
    value = JSON.parse(line) as unknown;
  } catch (err) {
    return {
      error: { code: 'E_INPUT_INVALID', message: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` },
    };
  }
  const input = fromInputRecord(value);
  if (typeof input.id === 'number' && Number.isInteger(input.id) && !Number.isSafeInteger(input.id)) {
    const raw = rawMember(line, 'id');
    if (raw !== undefined && /^-?\d+$/.test(raw)) return { ...input, id: BigInt(raw) };
  }
  return input;
}

/** One output line (with its '\n'); a bigint id is written with its exact digits. */
export function formatJsonLine(result: TranslationResult): string {
  const { id, ...rest } = toRecord(result);
  const idText = typeof id === 'bigint' ? id.toString() : JSON.stringify(id);
  return `{"id":${idText},${JSON.stringify(rest).slice(1)}\n`;
}
