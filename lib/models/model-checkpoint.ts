/**
 * Models ↔ checkpoint files: the file-path loaders (Node), over the portable checkpoint-model.ts, which this module
 * re-exports so existing imports keep working.
 *
 * @example
 * const { model, source, target } = await loadSeq2Seq('fixtures/models/en-es.s2s');
 * const nBest = await new Seq2SeqTranslator(model, { beamSize: 5 }).translateBatch([source.encode('God saw the light.')]);
 * console.log(target.decode(nBest[0]![0]!.tokens));
 * model.dispose();
 */
import { loadCheckpoint } from '../io/checkpoint-file.js';
import {
  seq2seqFromCheckpoint,
  languageModelFromCheckpoint,
  type LoadedSeq2Seq,
  type LoadedLanguageModel,
} from './checkpoint-model.js';

export * from './checkpoint-model.js';

/** Loads a translation model file (`kind: seq2seq`). */
export async function loadSeq2Seq(path: string): Promise<LoadedSeq2Seq> {
  return seq2seqFromCheckpoint(await loadCheckpoint(path, { expectKind: 'seq2seq' }), path);
}

/** Loads a language model file (`kind: lm`). */
export async function loadLanguageModel(path: string): Promise<LoadedLanguageModel> {
  return languageModelFromCheckpoint(await loadCheckpoint(path, { expectKind: 'lm' }), path);
}
