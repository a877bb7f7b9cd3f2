/**
 * The one assembly of the line-level pipeline, used by every composite (`translate`, `scoreLines`,
 * `generateLines`) and by the cross-caller `TranslationService`: number lines → split sentences → tokenize
 * (`sentenceStage`) → batch → model step (`modelStage`) → per-sentence finish → restore order → join sentences
 * (`lineStage`). `modelPipeline` chains the three inside a credit window so at most `maxInFlight` lines are between
 * input and output; the service runs the first and last per caller and shares the middle one between callers.
 * One output per input line, in order.
 *
 * @example
 * lines$.pipe(modelPipeline({ step, tokenizer, finish: (r) => r, combine: (vs) => vs[0] }))
 *
 * @param options See `ModelPipelineOptions`.
 */
import { map, type OperatorFunction } from 'rxjs';
import type { Tokenizer } from '../lib/text/tokenizer.js';
import { batchByTokens, type BatchByTokensOptions } from './batch-by-tokens.js';
import { boundInFlight } from './bound-in-flight.js';
import { Credits } from './credits.js';
import { joinSentences } from './join-sentences.js';
import { numberLines } from './number-lines.js';
import { restoreOrder } from './restore-order.js';
import { splitSentences, type SentenceSplitter } from './split-sentences.js';
import { tokenize } from './tokenize.js';
import { translateBatches, type BatchStep } from './translate-batches.js';
import { mapOutcome, type Envelope, type LineInput, type LineResult } from './types.js';

/** Options shared by the composites. */
export interface PipelineOptions {
  /** Sentence splitter (default: one sentence per line). */
  splitter?: SentenceSplitter;
  /** Batching: token budget, sentences per batch, max wait, window, scheduler. */
  batch?: BatchByTokensOptions;
  /** Batches in the model at once (default 1). */
  concurrency?: number;
  /** Retry a failed batch item by item to isolate the bad one (default true). */
  isolate?: boolean;
  /** Source sentences are cut to this many tokens (default: no limit). */
  maxSourceTokens?: number;
  /** Most lines between input and output at once (default 256); ignored when `credits` is given. */
  maxInFlight?: number;
  /** A credit window shared with a credit-aware source (`fromAsyncIterable`, `readLines`, `toWritable`). */
  credits?: Credits;
}

/** What a composite adds to the shared stages: the model step and how its results become a line's value. */
export interface ModelStages<R, V, U> {
  /** The model step over token ids. */
  step: BatchStep<readonly number[], R>;
  /** Result for an empty sentence without calling the model (default: call the model). */
  emptyResult?: () => R;
  /** Per-sentence result → value (may throw: that sentence fails). */
  finish: (result: R) => V;
  /** Error code of a sentence whose `finish` threw something other than an `S2SError` (default `E_ITEM_FAILED`). */
  finishCode?: string;
  /** A line's sentence values → the line's value. */
  combine: (values: readonly V[], joiners: readonly string[]) => U;
  /** Error code for failed model steps. */
  errorCode?: string;
}

export interface ModelPipelineOptions<R, V, U> extends PipelineOptions, ModelStages<R, V, U> {
  /** Source-side tokenizer. */
  tokenizer: Pick<Tokenizer, 'encode'>;
}

/** Lines → one envelope of source token ids per sentence (numbered, split, tokenized). */
export function sentenceStage(
  options: Pick<ModelPipelineOptions<unknown, unknown, unknown>, 'splitter' | 'tokenizer' | 'maxSourceTokens'>,
): OperatorFunction<LineInput, Envelope<readonly number[]>> {
  const { splitter, tokenizer, maxSourceTokens } = options;
  return (lines) =>
    lines.pipe(
      numberLines(),
      splitSentences(splitter === undefined ? {} : { splitter }),
      tokenize(maxSourceTokens === undefined ? { tokenizer } : { tokenizer, maxTokens: maxSourceTokens }),
    );
}

/**
 * Sentences → model results, batched (`batchByTokens` → `translateBatches`). `keep` (checked when a batch starts)
 * drops the sentences of cancelled callers.
 */
export function modelStage<R>(
  options: Pick<PipelineOptions, 'batch' | 'concurrency' | 'isolate'> &
    Pick<ModelStages<R, unknown, unknown>, 'step' | 'emptyResult' | 'errorCode'> & {
      keep?: (item: Envelope<readonly number[]>) => boolean;
    },
): OperatorFunction<Envelope<readonly number[]>, Envelope<R>> {
  return (sentences) =>
    sentences.pipe(
      batchByTokens(options.batch),
      translateBatches<readonly number[], R>({
        step: options.step,
        concurrency: options.concurrency ?? 1,
        isolate: options.isolate ?? true,
        ...(options.emptyResult === undefined ? {} : { emptyResult: options.emptyResult }),
        ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode }),
        ...(options.keep === undefined ? {} : { keep: options.keep }),
      }),
    );
}

/** Per-sentence model results (any order) → one result per line, in input order. */
export function lineStage<R, V, U>(
  options: Pick<ModelStages<R, V, U>, 'finish' | 'finishCode' | 'combine'>,
): OperatorFunction<Envelope<R>, LineResult<U>> {
  return (results) =>
    results.pipe(
      map((item) => mapOutcome(item, options.finish, options.finishCode)),
      // The caller bounds the lines in flight (a credit window, or one caller's input), hence the buffer.
      restoreOrder({ maxBuffered: Infinity }),
      joinSentences({ combine: options.combine }),
    );
}

export function modelPipeline<R, V, U>(
  options: ModelPipelineOptions<R, V, U>,
): OperatorFunction<LineInput, LineResult<U>> {
  const credits = options.credits ?? new Credits(options.maxInFlight ?? 256);
  // With every credit taken no line can enter until one leaves: the batcher need not wait for more.
  const batch = { ...options.batch, inputBlocked: () => credits.available <= 0 };
  const inner: OperatorFunction<LineInput, LineResult<U>> = (lines) =>
    lines.pipe(sentenceStage(options), modelStage<R>({ ...options, batch }), lineStage(options));
  return boundInFlight(inner, { credits });
}
