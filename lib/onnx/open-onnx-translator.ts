/**
 * `openTranslator` for the onnx engine: reads the `.s2s` checkpoint (and the fusion LM), exports their graphs in
 * memory — no cache on disk: exporting the shipped 2.1 M-parameter model takes well under a second — and opens
 * ONNX Runtime sessions. The user keeps passing the `.s2s` file. Several files, or an ensemble file, open as an
 * ensemble of `OrtSeq2Seq` members (lib/models/ensemble-translator.ts); every member must export.
 */
import { loadCheckpoint } from '../io/index.js';
import type { Seq2SeqConfig } from '../models/seq2seq-config.js';
import type { LanguageModelConfig } from '../models/lm-config.js';
import { tokenizerOf } from '../models/model-checkpoint.js';
import { readMembers } from '../models/load-ensemble.js';
import { EnsembleTranslator } from '../models/ensemble-translator.js';
import type { BatchTranslator } from '../decode/hypothesis.js';
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
export async function openOnnxTranslator(
  modelPath: string | readonly string[],
  options: OpenTranslatorOptions,
  required: boolean,
): Promise<Omit<OpenedTranslator, 'backend' | 'engine'> | { unsupported: string }> {
  const { members, source, target } = await readMembers(modelPath, options.weights);
  const models: OrtSeq2Seq[] = [];
  const releaseModels = (): Promise<unknown> => Promise.all(models.map((m) => m.release()));
  try {
    for (const m of members) {
      try {
        models.push(
          await OrtSeq2Seq.fromWeights(m.checkpoint.config as unknown as Seq2SeqConfig, m.checkpoint.weights),
        );
      } catch (err) {
        // name the member that cannot export when there are several
        if (err instanceof OnnxExportError && members.length > 1)
          throw new OnnxExportError(
            err.code as ConstructorParameters<typeof OnnxExportError>[0],
            `ensemble ${m.source}: ${err.message}`,
            err.details,
          );
        throw err;
      }
    }
  } catch (err) {
    await releaseModels();
    if (!required && err instanceof OnnxExportError && err.code === 'E_ONNX_UNSUPPORTED')
      return { unsupported: err.message };
    throw err;
  }
  const modelPathText = typeof modelPath === 'string' ? modelPath : modelPath.join(' -m ');
  let lm: OrtLanguageModel | undefined;
  try {
    if (options.lmPath) {
      const lmCheckpoint = await loadCheckpoint(options.lmPath, { expectKind: 'lm' });
      if (!sameBytes((await tokenizerOf(lmCheckpoint, 'target', options.lmPath)).serialize(), target.serialize())) {
        throw new OptionError(
          'E_OPTION_INVALID',
          `--lm ${options.lmPath}: its tokenizer differs from the translation model's target tokenizer, so their token ids do not match; train the LM with \`s2s lm train --tokenizer-from ${modelPathText}\``,
        );
      }
      lm = await OrtLanguageModel.fromWeights(
        lmCheckpoint.config as unknown as LanguageModelConfig,
        lmCheckpoint.weights,
      );
    }
  } catch (err) {
    await releaseModels();
    throw err;
  }
  let translator: BatchTranslator & { dispose(): Promise<void> };
  try {
    translator =
      models.length === 1
        ? new OrtTranslator(models[0]!, options.decode ?? {}, lm)
        : new EnsembleTranslator(
            models.map((model, k) => ({ model, weight: members[k]!.weight })),
            options.decode ?? {},
            lm,
            () => Promise.all([releaseModels(), lm?.release()]),
          );
  } catch (err) {
    await Promise.all([releaseModels(), lm?.release()]);
    throw err;
  }
  return {
    translator,
    sourceTokenizer: source,
    targetTokenizer: target,
    close() {
      void translator.dispose();
    },
  };
}
