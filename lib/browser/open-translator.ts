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
import { EnsembleTranslator } from '../models/ensemble-translator.js';
import { membersOf } from '../models/ensemble-checkpoint.js';
import type { Seq2Seq } from '../models/seq2seq.js';
import { useBrowserBackend, type BrowserBackendOptions } from './browser-backend.js';
import { describeSource, readModelBytes, type ModelSource, type ProgressCallback } from './model-source.js';

export interface BrowserTranslatorOptions extends BrowserBackendOptions {
  decode?: Partial<DecodeOptions>;
  /** Called as the model downloads (URL sources only). */
  onProgress?: ProgressCallback;
}

/**
 * Loads a translation model (`kind: seq2seq`, or an ensemble file of them) and starts the backend.
 * @throws CheckpointError when the source cannot be read or is not a valid translation model; BackendError when no
 *   backend starts.
 */
export async function openTranslator(
  source: ModelSource,
  options: BrowserTranslatorOptions = {},
): Promise<OpenedTranslator> {
  const name = describeSource(source);
  const [bytes, backend] = await Promise.all([readModelBytes(source, options.onProgress), useBrowserBackend(options)]);
  const members = membersOf(decodeCheckpoint(bytes, { source: name }), name);
  const built: Array<{ model: Seq2Seq; weight: number }> = [];
  const dispose = (): void => built.forEach((m) => m.model.dispose());
  let loaded: Awaited<ReturnType<typeof seq2seqFromCheckpoint>> | undefined;
  let translator: Seq2SeqTranslator | EnsembleTranslator;
  try {
    for (const m of members) {
      const one = await seq2seqFromCheckpoint(m.checkpoint, m.source);
      built.push({ model: one.model, weight: m.weight });
      loaded ??= one;
    }
    translator =
      built.length === 1
        ? new Seq2SeqTranslator(built[0]!.model, options.decode ?? {})
        : new EnsembleTranslator(built, options.decode ?? {}, undefined, dispose);
  } catch (err) {
    dispose();
    throw err;
  }
  return {
    translator,
    sourceTokenizer: loaded!.source,
    targetTokenizer: loaded!.target,
    backend: `${backend.name} (${backend.detail})`,
    engine: 'tfjs',
    close: () => void translator.dispose(),
  };
}
