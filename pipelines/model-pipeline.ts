/**
 * The shared shape of every line-level composite (`translate`, `scoreLines`, `generateLines`): number lines →
 * split sentences → tokenize → batch → model step → per-sentence finish → restore order → join sentences, inside a
 * credit window so at most `maxInFlight` lines are between input and output. One output per input line, in order.
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
import { mapOutcome, type LineInput, type LineResult } from './types.js';

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

export interface ModelPipelineOptions<R, V, U> extends PipelineOptions {
  /** The model step over token ids. */
  step: BatchStep<readonly number[], R>;
  /** Source-side tokenizer. */
  tokenizer: Pick<Tokenizer, 'encode'>;
  /** Result for an empty sentence without calling the model (default: call the model). */
  emptyResult?: () => R;
  /** Per-sentence result → value (may throw: that sentence fails). */
  finish: (result: R) => V;
  /** A line's sentence values → the line's value. */
  combine: (values: readonly V[], joiners: readonly string[]) => U;
  /** Error code for failed model steps. */
  errorCode?: string;
}

export function modelPipeline<R, V, U>(options: ModelPipelineOptions<R, V, U>): OperatorFunction<LineInput, LineResult<U>> {
  const credits = options.credits ?? new Credits(options.maxInFlight ?? 256);
  const inner: OperatorFunction<LineInput, LineResult<U>> = (lines) =>
    lines.pipe(
      numberLines(),
      splitSentences(options.splitter === undefined ? {} : { splitter: options.splitter }),
      tokenize(options.maxSourceTokens === undefined ? { tokenizer: options.tokenizer } : { tokenizer: options.tokenizer, maxTokens: options.maxSourceTokens }),
      batchByTokens(options.batch),
      translateBatches<readonly number[], R>({
        step: options.step,
        concurrency: options.concurrency ?? 1,
        isolate: options.isolate ?? true,
        ...(options.emptyResult === undefined ? {} : { emptyResult: options.emptyResult }),
        ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode }),
      }),
      map((item) => mapOutcome(item, options.finish)),
      // The credit window bounds the lines in flight, hence the buffer.
      restoreOrder({ maxBuffered: Infinity }),
      joinSentences({ combine: options.combine }),
    );
  return boundInFlight(inner, { credits });
}
