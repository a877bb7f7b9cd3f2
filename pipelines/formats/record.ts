/** The output record of one line, shared by the JSON-lines and msgpack formats. */
import type { TranslationResult } from '../translate.js';
import type { ItemFailure } from '../types.js';
import type { NBestEntry } from '../translation.js';

/** A translated line. */
export interface TranslationRecord {
  id: string | number;
  translation: string;
  score: number;
  nbest: NBestEntry[];
  /** Attention weights [T][S] (soft), or one source position per target token (hard), when requested; else null. */
  alignment: number[][] | number[] | null;
}

/** A failed line. */
export interface ErrorRecord {
  id: string | number;
  error: ItemFailure;
}

export type OutputRecord = TranslationRecord | ErrorRecord;

/** The record written for one result. */
export function toRecord(result: TranslationResult): OutputRecord {
  if (!result.data.ok) return { id: result.id, error: result.data.error };
  const t = result.data.value;
  return { id: result.id, translation: t.text, score: t.score, nbest: t.nbest, alignment: t.hardAlignment ?? t.alignment ?? null };
}

/** Validates one decoded input record (`{ id?, text }`); anything else becomes a failed input. */
export function fromInputRecord(value: unknown): { text: string; id?: string | number } | { error: ItemFailure; id?: string | number } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: { code: 'E_INPUT_INVALID', message: `expected a record {"id", "text"}, got ${Array.isArray(value) ? 'an array' : typeof value}` } };
  }
  const record = value as Record<string, unknown>;
  const id = typeof record['id'] === 'string' || typeof record['id'] === 'number' ? record['id'] : undefined;
  const withId = id === undefined ? {} : { id };
  if (typeof record['text'] !== 'string') return { ...withId, error: { code: 'E_INPUT_INVALID', message: `expected a string "text" field, got ${typeof record['text']}` } };
  return { ...withId, text: record['text'] };
}
