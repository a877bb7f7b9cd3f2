/**
 * What `s2s translate` runs: input lines (strings, `{ id, text }` records or failed inputs) → one
 * `TranslationResult` per line, in order, counted by an optional progress reporter. Pass the same `credits` to the
 * source (`linesFrom`, `fromAsyncIterable`) and to the sink (`toWritable`) for end-to-end backpressure.
 *
 * @example
 * const credits = new Credits(128);
 * const results$ = translateLines(linesFrom(process.stdin, { credits }), deps, { credits, batch: { maxWait: 10 } });
 * await toWritable(results$, process.stdout, { format: (r) => formatText(r, process.stderr), credits, end: false });
 *
 * @param deps The translator and tokenizers (from `openTranslator`).
 * @param options Translate options plus `progress`.
 */
import { tap, type Observable } from 'rxjs';
import type { BatchTranslator } from '../lib/decode/hypothesis.js';
import type { Tokenizer } from '../lib/text/tokenizer.js';
import type { TranslationProgress } from './formats/progress.js';
import { translate, type TranslateOptions, type TranslationResult } from './translate.js';
import type { LineInput } from './types.js';

/** What translating needs (the shape `openTranslator` resolves to). */
export interface TranslateDeps {
  translator: BatchTranslator;
  sourceTokenizer: Tokenizer;
  targetTokenizer: Tokenizer;
  /** Backend name, for the summary. */
  backend?: string;
}

export interface TranslateLinesOptions extends TranslateOptions {
  /** Counts results and draws progress. */
  progress?: TranslationProgress;
}

export function translateLines(
  input: Observable<LineInput>,
  deps: TranslateDeps,
  options: TranslateLinesOptions = {},
): Observable<TranslationResult> {
  const { progress, ...rest } = options;
  const results = input.pipe(
    translate(deps.translator, { source: deps.sourceTokenizer, target: deps.targetTokenizer }, rest),
  );
  return progress === undefined ? results : results.pipe(tap((r) => progress.update(r)));
}
