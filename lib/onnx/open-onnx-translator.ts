/**
 * `openTranslator` for the onnx engine: reads the `.s2s` checkpoint (and the fusion LM), exports their graphs in
 * memory — no cache on disk: exporting the shipped 2.1 M-parameter model takes well under a second — and opens
 * ONNX Runtime sessions. The user keeps passing the `.s2s` file.
 */
import { loadCheckpoint } from '../io/index.js';
import type { Seq2SeqConfig } from '../models/seq2seq-config.js';
import type { LanguageModelConfig } from '../models/lm-config.js';
import { tokenizerOf } from '../models/model-checkpoint.js';
import type { OpenTranslatorOptions, OpenedTranslator } from '../models/opened-translator.js';
import { sameBytes } from '../util/same-bytes.js';
import { OptionError } from '../errors.js';
import { OnnxExportError } from './export-error.js';
import { OrtSeq2Seq } from './ort-seq2seq.js';
import { OrtLanguageModel } from './ort-language-model.js';
import { OrtTranslator } from './ort-translator.js';

/**
 * @param required the user asked for onnx: a model the exporter refuses is an error; otherwise (auto) the result
 *   is the reason, and the caller falls back to tfjs and reports it
 */
export async function openOnnxTranslator(modelPath: string, options: OpenTranslatorOptions, required: boolean): Promise<Omit<OpenedTranslator, 'backend' | 'engine'> | { unsupported: string }> {
  const checkpoint = await loadCheckpoint(modelPath, { expectKind: 'seq2seq' });
  const source = await tokenizerOf(checkpoint, 'source', modelPath);
  const target = await tokenizerOf(checkpoint, 'target', modelPath);
  let model: OrtSeq2Seq;
  try {
    model = await OrtSeq2Seq.fromWeights(checkpoint.config as unknown as Seq2SeqConfig, checkpoint.weights);
  } catch (err) {
    if (!required && err instanceof OnnxExportError && err.code === 'E_ONNX_UNSUPPORTED') return { unsupported: err.message };
    throw err;
  }
  let lm: OrtLanguageModel | undefined;
  try {
    if (options.lmPath) {
      const lmCheckpoint = await loadCheckpoint(options.lmPath, { expectKind: 'lm' });
      if (!sameBytes((await tokenizerOf(lmCheckpoint, 'target', options.lmPath)).serialize(), target.serialize())) {
        throw new OptionError('E_OPTION_INVALID', `--lm ${options.lmPath}: its tokenizer differs from the translation model's target tokenizer, so their token ids do not match; train the LM with \`s2s lm train --tokenizer-from ${modelPath}\``);
      }
      lm = await OrtLanguageModel.fromWeights(lmCheckpoint.config as unknown as LanguageModelConfig, lmCheckpoint.weights);
    }
  } catch (err) {
    await model.release();
    throw err;
  }
  const translator = new OrtTranslator(model, options.decode ?? {}, lm);
  return {
    translator,
    sourceTokenizer: source,
    targetTokenizer: target,
    close() {
      void translator.dispose();
    },
  };
}
