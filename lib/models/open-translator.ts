/**
 * Opens a translation model file for use: loads the checkpoint (and optionally a target-side language model for
 * fusion), selects the engine (lib/engine.ts: ONNX Runtime or tfjs) and the tfjs backend (the search runs there)
 * and returns what `translateLines` needs.
 */
import type { Tokenizer } from '../text/tokenizer.js';
import type { DecodeOptions } from '../decode/options.js';
import type { BatchTranslator } from '../decode/hypothesis.js';
import { selectEngine, type EngineName } from '../engine.js';
import { useBackend, type BackendName } from '../backend.js';
import { loadSeq2Seq, loadLanguageModel } from './model-checkpoint.js';
import { Seq2SeqTranslator } from './seq2seq-translator.js';
import { invalidField } from '../errors.js';

export interface OpenTranslatorOptions {
  decode?: Partial<DecodeOptions>;
  /** A language model file (`kind: lm`) on the target side, for `decode.lmWeight` > 0. */
  lmPath?: string;
  backend?: BackendName | 'auto';
  /** Inference engine (default `S2S_ENGINE`, else `auto`: onnx when onnxruntime-node loads). */
  engine?: EngineName | 'auto';
}

export interface OpenedTranslator {
  translator: BatchTranslator;
  sourceTokenizer: Tokenizer;
  targetTokenizer: Tokenizer;
  /** The engine and backend in use (for reports), e.g. `wasm` or `onnx: onnxruntime-node 1.30.0 (cpu, 2 threads); search on wasm`. */
  backend: string;
  /** The engine in use. */
  engine: EngineName;
  /** Frees the models' weights. */
  close(): void;
}

/**
 * @throws CheckpointError (missing / corrupt files), OptionError with `details.field` (`lmPath`, decode options)
 * @example
 * const opened = await openTranslator('fixtures/models/en-es.s2s', { decode: { beamSize: 5 } });
 * const [best] = await opened.translator.translateBatch([opened.sourceTokenizer.encode('In the beginning.')]);
 * console.log(opened.targetTokenizer.decode(best![0]!.tokens));
 * opened.close();
 */
export async function openTranslator(modelPath: string, options: OpenTranslatorOptions = {}): Promise<OpenedTranslator> {
  const backend = await useBackend(options.backend);
  const engine = await selectEngine(options.engine);
  let fallback = '';
  if (engine.name === 'onnx') {
    const { openOnnxTranslator } = await import('../onnx/open-onnx-translator.js');
    const opened = await openOnnxTranslator(modelPath, options, options.engine === 'onnx');
    if (!('unsupported' in opened)) return { ...opened, backend: `onnx: ${engine.detail}; search on ${backend.name}`, engine: 'onnx' };
    fallback = ` (engine tfjs: ${opened.unsupported})`;
  }
  const loaded = await loadSeq2Seq(modelPath);
  let lm: Awaited<ReturnType<typeof loadLanguageModel>> | undefined;
  try {
    lm = options.lmPath ? await loadLanguageModel(options.lmPath) : undefined;
    if (lm && !sameBytes(lm.tokenizer.serialize(), loaded.target.serialize())) {
      throw invalidField('translator option', 'lmPath', `a language model trained with the target tokenizer of ${modelPath} (token ids must match)`, options.lmPath);
    }
  } catch (err) {
    loaded.model.dispose();
    lm?.model.dispose();
    throw err;
  }
  let translator: Seq2SeqTranslator;
  try {
    translator = new Seq2SeqTranslator(loaded.model, options.decode ?? {}, lm?.model);
  } catch (err) {
    loaded.model.dispose();
    lm?.model.dispose();
    throw err;
  }
  // close() twice is harmless; translating after it fails with E_CLOSED (Seq2SeqTranslator).
  let closed = false;
  return {
    translator,
    sourceTokenizer: loaded.source,
    targetTokenizer: loaded.target,
    backend: backend.name + fallback,
    engine: 'tfjs',
    close() {
      if (closed) return;
      closed = true;
      translator.dispose();
      lm?.model.dispose();
    },
  };
}

/** Whether two byte arrays hold the same bytes (e.g. two serialized tokenizers). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
