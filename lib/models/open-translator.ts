/**
 * Opens a translation model file for use: loads the checkpoint (and optionally a target-side language model for
 * fusion), selects the engine (lib/engine.ts: ONNX Runtime or tfjs) and the tfjs backend (the search runs there)
 * and returns what `translateLines` needs.
 */
import type { OpenTranslatorOptions, OpenedTranslator } from './opened-translator.js';
import { sameBytes } from '../util/same-bytes.js';
import { selectEngine } from '../engine.js';
import { useBackend } from '../backend.js';
import { loadSeq2Seq, loadLanguageModel } from './model-checkpoint.js';
import { Seq2SeqTranslator } from './seq2seq-translator.js';
import { invalidField } from '../errors.js';

export type { OpenTranslatorOptions, OpenedTranslator } from './opened-translator.js';

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
