/**
 * Opens a translation model file for use: loads the checkpoint (and optionally a target-side language model for
 * fusion), selects the engine (lib/engine.ts: ONNX Runtime or tfjs) and the tfjs backend (the search runs there)
 * and returns what `translateLines` needs. Several files, or an ensemble file, open as an ensemble on either engine
 * (`weights`: one per file, default equal; formula in lib/decode/ensemble-step-model.ts).
 */
import type { OpenTranslatorOptions, OpenedTranslator } from './opened-translator.js';
import { sameBytes } from '../util/same-bytes.js';
import { selectEngine } from '../engine.js';
import { useBackend } from '../backend.js';
import { loadLanguageModel } from './model-checkpoint.js';
import { Seq2SeqTranslator } from './seq2seq-translator.js';
import { EnsembleTranslator } from './ensemble-translator.js';
import { loadMembers } from './load-ensemble.js';
import type { BatchTranslator } from '../decode/hypothesis.js';
import { invalidField } from '../errors.js';

export type { OpenTranslatorOptions, OpenedTranslator } from './opened-translator.js';

/**
 * @param modelPath a translation model or ensemble file, or several (an ensemble of them all)
 * @throws CheckpointError (missing / corrupt files), OptionError with `details.field` (`lmPath`, `weights`, decode
 *   options), ModelMismatchError (ensemble members whose tokenizers or vocabularies differ)
 * @example
 * const opened = await openTranslator('fixtures/models/en-es.s2s', { decode: { beamSize: 5 } });
 * const [best] = await opened.translator.translateBatch([opened.sourceTokenizer.encode('In the beginning.')]);
 * console.log(opened.targetTokenizer.decode(best![0]!.tokens));
 * opened.close();
 * // an ensemble: await openTranslator(['a.s2s', 'b.s2s'], { weights: [0.6, 0.4] })
 */
export async function openTranslator(
  modelPath: string | readonly string[],
  options: OpenTranslatorOptions = {},
): Promise<OpenedTranslator> {
  const backend = await useBackend(options.backend);
  const engine = await selectEngine(options.engine);
  let fallback = '';
  if (engine.name === 'onnx') {
    const { openOnnxTranslator } = await import('../onnx/open-onnx-translator.js');
    const opened = await openOnnxTranslator(modelPath, options, options.engine === 'onnx');
    if (!('unsupported' in opened))
      return { ...opened, backend: `onnx: ${engine.detail}; search on ${backend.name}`, engine: 'onnx' };
    fallback = ` (engine tfjs: ${opened.unsupported})`;
  }
  const loaded = await loadMembers(modelPath, options.weights);
  const disposeMembers = (): void => loaded.members.forEach((m) => m.model.dispose());
  const named = typeof modelPath === 'string' ? modelPath : modelPath.join(', ');
  let lm: Awaited<ReturnType<typeof loadLanguageModel>> | undefined;
  try {
    lm = options.lmPath ? await loadLanguageModel(options.lmPath) : undefined;
    if (lm && !sameBytes(lm.tokenizer.serialize(), loaded.target.serialize())) {
      throw invalidField(
        'translator option',
        'lmPath',
        `a language model trained with the target tokenizer of ${named} (token ids must match)`,
        options.lmPath,
      );
    }
  } catch (err) {
    disposeMembers();
    lm?.model.dispose();
    throw err;
  }
  let translator: Seq2SeqTranslator | EnsembleTranslator;
  try {
    const only = loaded.members.length === 1 ? loaded.members[0]!.model : undefined;
    translator = only
      ? new Seq2SeqTranslator(only, options.decode ?? {}, lm?.model)
      : new EnsembleTranslator(loaded.members, options.decode ?? {}, lm?.model, disposeMembers);
  } catch (err) {
    disposeMembers();
    lm?.model.dispose();
    throw err;
  }
  // close() twice is harmless; translating after it fails with E_CLOSED (Seq2SeqTranslator).
  let closed = false;
  return {
    translator: translator as BatchTranslator,
    sourceTokenizer: loaded.source,
    targetTokenizer: loaded.target,
    backend: backend.name + fallback,
    engine: 'tfjs',
    close() {
      if (closed) return;
      closed = true;
      void translator.dispose();
      lm?.model.dispose();
    },
  };
}
