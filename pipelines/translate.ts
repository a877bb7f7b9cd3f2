/**
 * The translation composite: lines (strings or `{ id, text }`) in, one `TranslationResult` per line out, in input
 * order. A line that fails anywhere (tokenizer, model, detokenizer) yields a failed result and the stream goes on.
 *
 * @example
 * from(['Hello.', 'How are you?'])
 *   .pipe(translate(translator, { source: srcTok, target: tgtTok }, { batch: { maxWait: 10 }, nbest: 3 }))
 *   .subscribe((r) => console.log(r.data.ok ? r.data.value.text : r.data.error.message));
 *
 * @param translator A `BatchTranslator`, or a step function `(ids[]) => ObservableInput<Hypothesis[][]>`.
 * @param tokenizer One tokenizer for both sides, or `{ source, target }`.
 * @param options Pipeline options (see `PipelineOptions`) plus `nbest` and `alignment`.
 */
import type { OperatorFunction } from 'rxjs';
import type { BatchTranslator, Hypothesis } from '../lib/decode/hypothesis.js';
import type { Tokenizer } from '../lib/text/tokenizer.js';
import { DETOKENIZE_FAILED, toTranslation } from './detokenize.js';
import { modelPipeline, type ModelStages, type PipelineOptions } from './model-pipeline.js';
import type { BatchStep } from './translate-batches.js';
import type { Translation } from './translation.js';
import type { LineInput, LineResult } from './types.js';

export type TranslationResult = LineResult<Translation>;

/** Source and target tokenizers (the same object for a shared vocabulary). */
export interface TokenizerPair {
  source: Pick<Tokenizer, 'encode'>;
  target: Pick<Tokenizer, 'decode' | 'idToPiece'>;
}

export interface TranslateOptions extends PipelineOptions {
  /** N-best entries kept per sentence (default: all the translator returns). */
  nbest?: number;
  /** Keep attention weights as `alignment` (default false). */
  alignment?: boolean;
}

/** A translator or a bare step. */
export type TranslatorLike = BatchTranslator | BatchStep<readonly number[], readonly Hypothesis[]>;

/** The step function of a translator. */
export function translatorStep(translator: TranslatorLike): BatchStep<readonly number[], readonly Hypothesis[]> {
  return typeof translator === 'function' ? translator : (sources) => translator.translateBatch(sources);
}

/** Joins a line's sentence translations: texts with their joiners, scores summed, n-best kept for one sentence. */
export function joinTranslations(values: readonly Translation[], joiners: readonly string[]): Translation {
  if (values.length === 1 && values[0] !== undefined) return values[0];
  const text = values.map((v, i) => (joiners[i] ?? '') + v.text).join('');
  const score = values.reduce((s, v) => s + v.score, 0);
  const logProb = values.reduce((s, v) => s + v.logProb, 0);
  const tokens = values.reduce((s, v) => s + v.tokens, 0);
  return { text, score, logProb, tokens, nbest: [{ text, score, logProb }] };
}

/** One tokenizer for both sides, or the pair as given. */
export function tokenizerPair(tokenizer: Tokenizer | TokenizerPair): TokenizerPair {
  return 'source' in tokenizer ? tokenizer : { source: tokenizer, target: tokenizer };
}

/**
 * The translation-specific stages (the one owner for `translate` and `TranslationService`): the translator's step,
 * an empty sentence answered without the model, hypotheses detokenized (`E_DETOKENIZE_FAILED` when the target
 * tokenizer throws), a line's sentences joined with `joinTranslations`.
 */
export function translationStages(
  translator: TranslatorLike,
  target: TokenizerPair['target'],
  options: Pick<TranslateOptions, 'nbest' | 'alignment'> = {},
): ModelStages<readonly Hypothesis[], Translation, Translation> {
  const detok = {
    tokenizer: target,
    alignment: options.alignment ?? false,
    ...(options.nbest === undefined ? {} : { nbest: options.nbest }),
  };
  return {
    step: translatorStep(translator),
    emptyResult: () => [{ tokens: [], logProb: 0, score: 0 }],
    finish: (hypotheses) => toTranslation(hypotheses, detok),
    finishCode: DETOKENIZE_FAILED,
    combine: joinTranslations,
  };
}

export function translate(
  translator: TranslatorLike,
  tokenizer: Tokenizer | TokenizerPair,
  options: TranslateOptions = {},
): OperatorFunction<LineInput, TranslationResult> {
  const { source, target } = tokenizerPair(tokenizer);
  return modelPipeline<readonly Hypothesis[], Translation, Translation>({
    ...options,
    ...translationStages(translator, target, options),
    tokenizer: source,
  });
}
