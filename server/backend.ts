/**
 * The seam between the HTTP layer and whatever translates: the routes only ever talk to a `TranslationBackend`.
 *
 * - `LocalBackend` (local-backend.ts) holds the models in this process: one shared `TranslationService` per language
 *   pair and decoding-option set, so sentences of concurrent requests share batches.
 * - `RedisBackend` (redis-backend.ts, `s2s serve --redis URL`) implements the same four members on the worker pool:
 *   its `translate` has the shape of `TranslationService.translate` (lines in, one ordered result per line out,
 *   cancelled by the signal), `load()` reports the lines it has out, and `status()` whether Redis is reachable.
 *
 * Contract of `translate`:
 * - cold: nothing is queued until the Observable is subscribed;
 * - exactly one `TranslationResult` per input line, in input order (`seq` 0, 1, 2, …), a failed line as a failed
 *   result (the stream goes on), then completion;
 * - aborting `call.signal` (or unsubscribing) frees the call's queued sentences; the Observable then errors with
 *   `E_ABORTED` (or simply stops);
 * - it may throw a `RequestError` with status 503 (`E_OVERLOADED`) synchronously when it cannot take the call.
 */
import type { Observable, ObservableInput } from 'rxjs';
import type { DecodeOptions } from '../lib/decode/options.js';
import type { TranslationResult } from '../pipelines/translate.js';
import type { LineInput } from '../pipelines/types.js';

/** A translation direction by BCP 47 language codes, e.g. `{ source: 'en', target: 'es' }`. */
export interface LanguagePair {
  readonly source: string;
  readonly target: string;
}

/** What a served pair offers, for `/languages` and `/v1/pairs`. */
export interface PairInfo extends LanguagePair {
  /** Whether a target-side language model is loaded (decoding options `lmWeight` > 0 allowed). */
  readonly lm: boolean;
}

/** How full the backend's queue is, in sentences. */
export interface BackendLoad {
  /** Sentences queued or being translated, all callers together. */
  readonly queued: number;
  /** The most sentences it accepts at once; calls beyond it are refused with 503. */
  readonly capacity: number;
}

/** Whether the backend can reach what it translates with (a remote backend: its queue); `/ready` is 503 when not. */
export interface BackendStatus {
  readonly ok: boolean;
  /** Shown by `/health` and `/ready`, e.g. `{ redis: 'connected' }`. */
  readonly details: Readonly<Record<string, string>>;
}

/** One caller's request. */
export interface TranslateCall {
  /** Validated decoding options (all fields set: `resolveDecodeOptions`). */
  readonly options: DecodeOptions;
  /** Aborted when the client goes away: its queued work is dropped. */
  readonly signal?: AbortSignal;
}

export interface TranslationBackend {
  /** The directions served. */
  pairs(): readonly PairInfo[];
  /** Translates one caller's lines (contract in the file comment). */
  translate(pair: LanguagePair, lines: ObservableInput<LineInput>, call: TranslateCall): Observable<TranslationResult>;
  /** Queue depth and capacity (sentences). */
  load(): BackendLoad;
  /** Connection state of a remote backend (absent: always fine). */
  status?(): BackendStatus;
  /** Stops translating and frees the models; called after the last accepted request was answered. */
  close(): Promise<void>;
}

/** `en-es`. */
export function pairName(pair: LanguagePair): string {
  return `${pair.source}-${pair.target}`;
}
