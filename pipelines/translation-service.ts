/**
 * Cross-stream batching: one model, many callers. The stages are model-pipeline.ts's and translate.ts's (one
 * assembly): each caller's lines are split and tokenized on its own (`sentenceStage`), then their sentences join one
 * shared `modelStage` stream, so sentences from different callers share batches; each result is routed back to its
 * caller, which detokenizes, restores its own order and joins its own lines (`lineStage`).
 * Cancelling a caller (unsubscribing, or aborting its `AbortSignal`) forgets its sentences: those not yet in a started
 * batch are dropped from later batches, results of started batches are discarded; other callers are not disturbed.
 *
 * @example
 * const service = new TranslationService(translator, tokenizers, { batch: { maxSentences: 32, maxWait: 10 } });
 * const a = service.translate(['Hello.'], { signal: controller.signal });
 * const b = service.translate(liveLines$);
 * merge(a, b).subscribe(...);
 * service.close();
 */
import { from, Observable, Subject, type ObservableInput, type Subscription } from 'rxjs';
import type { Hypothesis } from '../lib/decode/hypothesis.js';
import type { Tokenizer } from '../lib/text/tokenizer.js';
import { S2SError } from '../lib/errors.js';
import type { BatchByTokensOptions } from './batch-by-tokens.js';
import { lineStage, modelStage, sentenceStage, type ModelStages } from './model-pipeline.js';
import type { SentenceSplitter } from './split-sentences.js';
import {
  tokenizerPair,
  translationStages,
  type TokenizerPair,
  type TranslationResult,
  type TranslatorLike,
} from './translate.js';
import type { Translation } from './translation.js';
import { withData, type Envelope, type LineInput } from './types.js';

export interface TranslationServiceOptions {
  /** Shared batching (token budget, sentences, max wait, window, scheduler). */
  batch?: BatchByTokensOptions;
  /** Batches in the model at once (default 1). */
  concurrency?: number;
  /** Retry failed batches item by item (default true). */
  isolate?: boolean;
  /** Sentence splitter (default: one sentence per line). */
  splitter?: SentenceSplitter;
  /** N-best entries kept per sentence (default: all). */
  nbest?: number;
  /** Keep attention weights (default false). */
  alignment?: boolean;
}

/** Per-call options. */
export interface ServiceCallOptions {
  /** Aborting cancels this call: its output errors with `E_ABORTED` and its sentences leave the queue. */
  signal?: AbortSignal;
}

/** Where a shared sentence came from. */
interface Route {
  /** Deliver the model's result to the caller. */
  deliver: (item: Envelope<readonly Hypothesis[]>) => void;
  /** The caller-local envelope (local seq and origin). */
  local: Envelope<readonly number[]>;
}

export class TranslationService {
  /** Sentences of all callers, numbered by the service. */
  readonly #requests = new Subject<Envelope<readonly number[]>>();
  /** Sentences in the shared stream, by service seq; a missing entry means cancelled. */
  readonly #routes = new Map<number, Route>();
  /** Next service seq. */
  #next = 0;
  /** The shared batch stream. */
  readonly #subscription: Subscription;
  /** Tokenizers for both sides. */
  readonly #tokenizers: TokenizerPair;
  /** The model step and the per-caller finishing (detokenize, join). */
  readonly #stages: ModelStages<readonly Hypothesis[], Translation, Translation>;

  constructor(
    translator: TranslatorLike,
    tokenizer: Tokenizer | TokenizerPair,
    private readonly options: TranslationServiceOptions = {},
  ) {
    this.#tokenizers = tokenizerPair(tokenizer);
    this.#stages = translationStages(translator, this.#tokenizers.target, options);
    this.#subscription = this.#requests
      .pipe(modelStage({ ...options, ...this.#stages, keep: (item) => this.#routes.has(item.seq) }))
      .subscribe((result) => {
        const route = this.#routes.get(result.seq);
        if (route === undefined) return;
        this.#routes.delete(result.seq);
        route.deliver(withData(route.local, result.data));
      });
  }

  /** Sentences queued or in the model, all callers together. */
  get pending(): number {
    return this.#routes.size;
  }

  /** Translates one caller's lines; one result per line, in its input order. Cold: nothing happens until subscribed. */
  translate(lines: ObservableInput<LineInput>, call: ServiceCallOptions = {}): Observable<TranslationResult> {
    return new Observable<TranslationResult>((subscriber) => {
      if (this.#subscription.closed) {
        subscriber.error(new S2SError('E_SERVICE_CLOSED', 'TranslationService: translate() called after close()'));
        return undefined;
      }
      // Results for this caller, in completion order.
      const results = new Subject<Envelope<readonly Hypothesis[]>>();
      // Service seqs of this caller's sentences still in the shared stream.
      const mine = new Set<number>();
      // Whether this caller's input has completed.
      let inputDone = false;
      const maybeComplete = (): void => {
        if (inputDone && mine.size === 0) results.complete();
      };

      const output = results.pipe(lineStage(this.#stages)).subscribe({
        next: (r) => subscriber.next(r),
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });

      const input = from(lines)
        .pipe(sentenceStage({ splitter: this.options.splitter, tokenizer: this.#tokenizers.source }))
        .subscribe({
          next: (local) => {
            if (!local.data.ok) {
              results.next(withData(local, local.data));
              return;
            }
            const seq = this.#next++;
            mine.add(seq);
            this.#routes.set(seq, {
              local,
              deliver: (item) => {
                mine.delete(seq);
                results.next(item);
                maybeComplete();
              },
            });
            this.#requests.next({ seq, origin: local.origin, data: local.data });
          },
          error: (err: unknown) => results.error(err),
          complete: () => {
            inputDone = true;
            maybeComplete();
          },
        });

      const cancel = (): void => {
        input.unsubscribe();
        output.unsubscribe();
        for (const seq of mine) this.#routes.delete(seq);
        mine.clear();
      };
      const onAbort = (): void => {
        cancel();
        subscriber.error(new S2SError('E_ABORTED', 'TranslationService: the call was aborted by its AbortSignal'));
      };
      if (call.signal?.aborted) onAbort();
      else call.signal?.addEventListener('abort', onAbort, { once: true });
      return () => {
        call.signal?.removeEventListener('abort', onAbort);
        cancel();
      };
    });
  }

  /** Stops the shared stream; pending calls get no more results. */
  close(): void {
    this.#requests.complete();
    this.#subscription.unsubscribe();
    this.#routes.clear();
  }
}
