/**
 * The in-process `TranslationBackend`: the served models live here. Each model has a `ServiceCache` (one shared
 * `TranslationService` per decoding-option set), so concurrent requests with the same options are batched together
 * (bounded wait: `batch.maxWait`). Per-option translators share the model's weights; only `close()` frees them.
 */
import type { Observable, ObservableInput } from 'rxjs';
import type { Hypothesis } from '../lib/decode/hypothesis.js';
import type { DecodeOptions } from '../lib/decode/options.js';
import type { LanguageModel } from '../lib/models/language-model.js';
import type { Seq2Seq } from '../lib/models/seq2seq.js';
import { Seq2SeqTranslator } from '../lib/models/seq2seq-translator.js';
import { EnsembleTranslator } from '../lib/models/ensemble-translator.js';
import type { Tokenizer } from '../lib/text/tokenizer.js';
import type { BatchByTokensOptions } from '../pipelines/batch-by-tokens.js';
import { longLineSplitter } from '../pipelines/long-line-splitter.js';
import { TranslationService } from '../pipelines/translation-service.js';
import type { TranslationResult } from '../pipelines/translate.js';
import type { LineInput } from '../pipelines/types.js';
import {
  pairName,
  type BackendLoad,
  type LanguagePair,
  type PairInfo,
  type TranslateCall,
  type TranslationBackend,
} from './backend.js';
import { RequestError } from './errors.js';
import { ServiceCache } from './service-cache.js';

/** One loaded translation model and the direction it serves. */
export interface ServedModel {
  pair: LanguagePair;
  /** The model (an ensemble's first member). */
  model: Seq2Seq;
  /** An ensemble's members (`model` among them) and their weights; absent for a single model. */
  members?: ReadonlyArray<{ model: Seq2Seq; weight: number }>;
  source: Tokenizer;
  target: Tokenizer;
  /** Target-side language model for `lmWeight` > 0 (same vocabulary as `target`). */
  lm?: LanguageModel;
}

/** What one decoded batch did (for metrics). */
export interface BatchReport {
  pair: LanguagePair;
  /** Sentences in the batch. */
  sentences: number;
  /** Target tokens of the best hypotheses. */
  tokens: number;
}

export interface LocalBackendOptions {
  /** Shared batching: token budget, sentences per batch, `maxWait` ms (the latency bound). */
  batch: BatchByTokensOptions;
  /** Sentences queued at most, all pairs together. */
  maxQueue: number;
  /** Decoding-option sets kept per model. */
  maxServices: number;
  /** Lines longer than this many source tokens are cut and translated in pieces (as `s2s translate`). */
  maxSourceTokens: number;
  /** Seconds for `Retry-After`. */
  retryAfter: number;
  /** Called after each decoded batch. */
  onBatch?: (report: BatchReport) => void;
}

interface Served {
  info: PairInfo;
  services: ServiceCache;
  model: ServedModel;
}

export class LocalBackend implements TranslationBackend {
  readonly #served = new Map<string, Served>();

  constructor(
    models: readonly ServedModel[],
    private readonly options: LocalBackendOptions,
  ) {
    for (const m of models) {
      const services = new ServiceCache({
        make: (decode) => this.#service(m, decode),
        maxServices: options.maxServices,
        retryAfter: options.retryAfter,
      });
      this.#served.set(pairName(m.pair), { info: { ...m.pair, lm: m.lm !== undefined }, services, model: m });
    }
  }

  pairs(): readonly PairInfo[] {
    return [...this.#served.values()].map((s) => s.info);
  }

  translate(pair: LanguagePair, lines: ObservableInput<LineInput>, call: TranslateCall): Observable<TranslationResult> {
    const served = this.#served.get(pairName(pair));
    if (served === undefined) {
      throw new RequestError(
        400,
        'E_PAIR_UNSUPPORTED',
        `${pairName(pair)} is not served here; served: ${[...this.#served.keys()].join(', ')}`,
        { details: { pair } },
      );
    }
    if (call.options.lmWeight > 0 && !served.info.lm) {
      throw new RequestError(
        400,
        'E_OPTION_INVALID',
        `lmWeight > 0 needs a language model, and none is loaded for ${pairName(pair)} (start the server with --lm FILE)`,
      );
    }
    return served.services.translate(call.options, lines, call.signal);
  }

  load(): BackendLoad {
    let queued = 0;
    for (const s of this.#served.values()) queued += s.services.pending;
    return { queued, capacity: this.options.maxQueue };
  }

  async close(): Promise<void> {
    const lms = new Set<LanguageModel>();
    for (const s of this.#served.values()) {
      s.services.close();
      for (const member of s.model.members ?? [s.model]) member.model.dispose();
      if (s.model.lm !== undefined) lms.add(s.model.lm);
    }
    for (const lm of lms) lm.dispose();
    this.#served.clear();
  }

  /** A service for one option set; its translator shares the model's weights (an ensemble's members'). */
  #service(m: ServedModel, decode: DecodeOptions): TranslationService {
    const translator =
      m.members && m.members.length > 1
        ? new EnsembleTranslator(m.members, decode, m.lm)
        : new Seq2SeqTranslator(m.model, decode, m.lm);
    const onBatch = this.options.onBatch;
    const step = async (sources: readonly (readonly number[])[]): Promise<Hypothesis[][]> => {
      const nBest = await translator.translateBatch(sources);
      onBatch?.({
        pair: m.pair,
        sentences: sources.length,
        tokens: nBest.reduce((sum, list) => sum + (list[0]?.tokens.length ?? 0), 0),
      });
      return nBest;
    };
    return new TranslationService(
      step,
      { source: m.source, target: m.target },
      {
        batch: this.options.batch,
        splitter: longLineSplitter((text) => m.source.encode(text).length, this.options.maxSourceTokens),
        nbest: decode.nBest,
        alignment: decode.alignment !== 'none',
      },
    );
  }
}
