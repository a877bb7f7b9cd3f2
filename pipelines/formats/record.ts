/** The output record of one line, shared by the JSON-lines and msgpack formats. */
import type { TranslationResult } from '../translate.js';
import type { ItemFailure, LineId } from '../types.js';
import type { NBestEntry } from '../translation.js';

/** Which line a record answers: the caller's id as given (null when none), and the 1-based input line number. */
export interface RecordKey {
  id: LineId | null;
  line: number;
}

/** A translated line. */
export interface TranslationRecord extends RecordKey {
  translation: string;
  score: number;
  nbest: NBestEntry[];
  /** Attention weights [T][S] (soft), or one source position per target token (hard), when requested; else null. */
  alignment: number[][] | number[] | null;
}

/** A failed line. */
export interface ErrorRecord extends RecordKey {
  error: ItemFailure;
}

export type OutputRecord = TranslationRecord | ErrorRecord;

/** The record written for one result. */
export function toRecord(result: TranslationResult): OutputRecord {
  const key = { id: result.id ?? null, line: result.seq + 1 };
  if (!result.data.ok) return { ...key, error: result.data.error };
  const t = result.data.value;
  return {
    ...key,
    translation: t.text,
    score: t.score,
    nbest: t.nbest,
    alignment: t.hardAlignment ?? t.alignment ?? null,
  };
}

/** Validates one decoded input record (`{ id?, text }`); anything else becomes a failed input. */
export function fromInputRecord(value: unknown): { text: string; id?: LineId } | { error: ItemFailure; id?: LineId } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      error: {
        code: 'E_INPUT_INVALID',
        message: `expected a record {"id", "text"}, got ${Array.isArray(value) ? 'an array' : typeof value}`,
      },
    };
  }
  const record = value as Record<string, unknown>;
  const id = usableId(record['id']);
  const withId = id === undefined ? {} : { id };
  if (typeof record['text'] !== 'string')
    return {
      ...withId,
      error: { code: 'E_INPUT_INVALID', message: `expected a string "text" field, got ${typeof record['text']}` },
    };
  return { ...withId, text: record['text'] };
}

/** An id as given: a string, a finite number or a bigint (integers beyond 2^53, kept exact); anything else is none. */
export function usableId(value: unknown): string | number | bigint | undefined {
  if (typeof value === 'string' || typeof value === 'bigint') return value;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
