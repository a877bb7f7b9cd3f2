/**
 * The worker's translation services: one `TranslationService` (the same cross-caller batching as `s2s serve`) per
 * language pair and distinct set of request options, all sharing the pair's loaded model weights. Services are made
 * on first use and kept (at most `maxServices`; an idle one is dropped to make room).
 */
import type { BatchByTokensOptions } from '../pipelines/batch-by-tokens.js';
import { longLineSplitter } from '../pipelines/long-line-splitter.js';
import { TranslationService } from '../pipelines/translation-service.js';
import { resolveDecodeOptions } from '../lib/decode/options.js';
import type { BatchTranslator } from '../lib/decode/hypothesis.js';
import { Seq2SeqTranslator } from '../lib/models/seq2seq-translator.js';
import type { OpenedTranslator } from '../lib/models/open-translator.js';
import { OptionError } from '../lib/errors.js';
import type { RemoteTranslateOptions } from './protocol.js';

export interface WorkerServicesOptions {
  /** Batching shared by the lines of one service. */
  batch?: BatchByTokensOptions;
  /** Batches in the model at once. */
  concurrency?: number;
  /** Services kept at once (default 8). */
  maxServices?: number;
}

/** Default `maxSourceTokens` when a request does not say. */
const DEFAULT_MAX_SOURCE_TOKENS = 128;

export class WorkerServices {
  readonly #services = new Map<string, TranslationService>();

  /** @param models Opened models by language pair. */
  constructor(
    private readonly models: ReadonlyMap<string, OpenedTranslator>,
    private readonly options: WorkerServicesOptions = {},
  ) {}

  /** The pairs served. */
  get pairs(): string[] {
    return [...this.models.keys()];
  }

  /** The service for a pair and request options. @throws OptionError for an unknown pair or invalid options */
  get(pair: string, options: RemoteTranslateOptions): TranslationService {
    const key = `${pair}\n${JSON.stringify(options)}`;
    const found = this.#services.get(key);
    if (found !== undefined) return found;
    const opened = this.models.get(pair);
    if (opened === undefined)
      throw new OptionError(
        'E_OPTION_INVALID',
        `this worker has no model for the pair "${pair}" (it serves ${this.pairs.join(', ')})`,
      );
    const decode = resolveDecodeOptions(options.decode);
    const maxSourceTokens = options.maxSourceTokens ?? DEFAULT_MAX_SOURCE_TOKENS;
    if (!Number.isInteger(maxSourceTokens) || maxSourceTokens < 1)
      throw new OptionError('E_OPTION_INVALID', `maxSourceTokens must be an integer ≥ 1, got ${maxSourceTokens}`);
    this.#evictIdle();
    const service = new TranslationService(
      new Seq2SeqTranslator(tfjsModel(opened.translator), decode),
      { source: opened.sourceTokenizer, target: opened.targetTokenizer },
      {
        ...(this.options.batch === undefined ? {} : { batch: this.options.batch }),
        concurrency: this.options.concurrency ?? 1,
        splitter: longLineSplitter((text) => opened.sourceTokenizer.encode(text).length, maxSourceTokens),
        ...(options.nbest === undefined ? {} : { nbest: options.nbest }),
        alignment: options.alignment ?? false,
      },
    );
    this.#services.set(key, service);
    return service;
  }

  /** Drops the oldest idle service while at the limit. */
  #evictIdle(): void {
    const limit = this.options.maxServices ?? 8;
    for (const [key, service] of this.#services) {
      if (this.#services.size < limit) return;
      if (service.pending > 0) continue;
      service.close();
      this.#services.delete(key);
    }
  }

  /** Closes every service and frees the models. */
  close(): void {
    for (const service of this.#services.values()) service.close();
    this.#services.clear();
    for (const opened of this.models.values()) opened.close();
  }
}

/** The tfjs model behind a translator opened with `engine: 'tfjs'` (the worker builds one translator per option set). */
function tfjsModel(translator: BatchTranslator): Seq2SeqTranslator['model'] {
  if (!(translator instanceof Seq2SeqTranslator))
    throw new TypeError('worker: models must be opened with the tfjs engine');
  return translator.model;
}
