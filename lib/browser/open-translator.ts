/**
 * `openTranslator` for browsers: the model from a URL, `ArrayBuffer` or `Blob`, on the wasm (or cpu) backend; the
 * same `OpenedTranslator` as the Node entry's, so `translateLines` and friends work unchanged.
 *
 * @example
 * const opened = await openTranslator('model.s2s', { decode: { beamSize: 5 }, onProgress: (n, total) => … });
 * const [best] = await opened.translator.translateBatch([opened.sourceTokenizer.encode('God saw the light.')]);
 * console.log(opened.targetTokenizer.decode(best![0]!.tokens));
 */
import type { DecodeOptions } from '../decode/options.js';
import { decodeCheckpoint } from '../io/checkpoint-codec.js';
import { seq2seqFromCheckpoint } from '../models/checkpoint-model.js';
import type { OpenedTranslator } from '../models/open-translator.js';
import { Seq2SeqTranslator } from '../models/seq2seq-translator.js';
import { useBrowserBackend, type BrowserBackendOptions } from './browser-backend.js';
import { describeSource, readModelBytes, type ModelSource, type ProgressCallback } from './model-source.js';

export interface BrowserTranslatorOptions extends BrowserBackendOptions {
  decode?: Partial<DecodeOptions>;
  /** Called as the model downloads (URL sources only). */
  onProgress?: ProgressCallback;
}

/**
 * Loads a translation model (`kind: seq2seq`) and starts the backend.
 * @throws CheckpointError when the source cannot be read or is not a valid translation model; BackendError when no
 *   backend starts.
 */
export async function openTranslator(source: ModelSource, options: BrowserTranslatorOptions = {}): Promise<OpenedTranslator> {
  const name = describeSource(source);
  const [bytes, backend] = await Promise.all([readModelBytes(source, options.onProgress), useBrowserBackend(options)]);
  const loaded = await seq2seqFromCheckpoint(decodeCheckpoint(bytes, { source: name, expectKind: 'seq2seq' }), name);
  const translator = new Seq2SeqTranslator(loaded.model, options.decode ?? {});
  return {
    translator,
    sourceTokenizer: loaded.source,
    targetTokenizer: loaded.target,
    backend: `${backend.name} (${backend.detail})`,
    engine: 'tfjs',
    close: () => translator.dispose(),
  };
}
