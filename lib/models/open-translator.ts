/**
 * Opens a translation model file for use: loads the checkpoint (and optionally a target-side language model for
 * fusion), selects the backend and returns what `translateLines` needs.
 */
import type { TranslateDeps } from '../../pipelines/translate-lines.js';
import type { DecodeOptions } from '../decode/options.js';
import { useBackend, type BackendName } from '../backend.js';
import { loadSeq2Seq, loadLanguageModel } from './model-checkpoint.js';
import { Seq2SeqTranslator } from './seq2seq-translator.js';
import { OptionError } from '../errors.js';

export interface OpenTranslatorOptions {
  decode?: Partial<DecodeOptions>;
  /** A language model file (`kind: lm`) on the target side, for `decode.lmWeight` > 0. */
  lmPath?: string;
  backend?: BackendName | 'auto';
}

export interface OpenedTranslator extends TranslateDeps {
  translator: Seq2SeqTranslator;
  backend: string;
  /** Frees the models' weights. */
  close(): void;
}

export async function openTranslator(modelPath: string, options: OpenTranslatorOptions = {}): Promise<OpenedTranslator> {
  const backend = await useBackend(options.backend);
  const loaded = await loadSeq2Seq(modelPath);
  const lm = options.lmPath ? await loadLanguageModel(options.lmPath) : undefined;
  if (lm && lm.model.config.vocab !== loaded.model.config.targetVocab) {
    loaded.model.dispose();
    lm.model.dispose();
    throw new OptionError('E_OPTION_INVALID', `--lm ${options.lmPath}: its vocabulary (${lm.model.config.vocab}) differs from the translation model's target vocabulary (${loaded.model.config.targetVocab}); train the LM with the translation model's target tokenizer`);
  }
  const translator = new Seq2SeqTranslator(loaded.model, options.decode ?? {}, lm?.model);
  return {
    translator,
    sourceTokenizer: loaded.source,
    targetTokenizer: loaded.target,
    backend: backend.name,
    close() {
      translator.dispose();
      lm?.model.dispose();
    },
  };
}
