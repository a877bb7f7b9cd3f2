/**
 * Forced-decoding scorers for `s2s score` and `s2s lm score` on the selected engine (lib/engine.ts): the same
 * formulas (lib/decode/score.ts, `LanguageModel.scoreSentences`) on tfjs or on ONNX Runtime.
 */
import { loadCheckpoint } from '../io/index.js';
import { scoreSequences } from '../decode/score.js';
import { loadLanguageModel, loadSeq2Seq, tokenizerOf } from '../models/model-checkpoint.js';
import { disposeDecoderState } from '../models/seq2seq.js';
import type { Seq2SeqConfig } from '../models/seq2seq-config.js';
import type { LanguageModelConfig } from '../models/lm-config.js';
import type { Tokenizer } from '../text/tokenizer.js';
import type { EngineName } from '../engine.js';
import { OrtSeq2Seq } from './ort-seq2seq.js';
import { OrtLanguageModel } from './ort-language-model.js';

export interface PairScorer {
  source: Tokenizer;
  target: Tokenizer;
  /** log p(y | x) of each pair, its final EOS included. */
  scoreBatch(pairs: ReadonlyArray<{ src: readonly number[]; tgt: readonly number[] }>): Promise<number[]>;
  close(): Promise<void>;
}

export async function openPairScorer(modelPath: string, engine: EngineName): Promise<PairScorer> {
  if (engine === 'onnx') {
    const checkpoint = await loadCheckpoint(modelPath, { expectKind: 'seq2seq' });
    const source = await tokenizerOf(checkpoint, 'source', modelPath);
    const target = await tokenizerOf(checkpoint, 'target', modelPath);
    const model = await OrtSeq2Seq.fromWeights(checkpoint.config as unknown as Seq2SeqConfig, checkpoint.weights);
    return {
      source,
      target,
      scoreBatch: async (pairs) =>
        scoreSequences(
          model.stepModel(),
          await model.encode(pairs.map((p) => p.src)),
          pairs.map((p) => p.tgt),
        ),
      close: () => model.release(),
    };
  }
  const { model, source, target } = await loadSeq2Seq(modelPath);
  return {
    source,
    target,
    async scoreBatch(pairs) {
      const state = model.encode(pairs.map((p) => p.src));
      try {
        return await scoreSequences(
          model.stepModel(),
          state,
          pairs.map((p) => p.tgt),
        );
      } finally {
        disposeDecoderState(state);
      }
    },
    close: async () => model.dispose(),
  };
}

export interface SentenceScorer {
  tokenizer: Tokenizer;
  /** Σ log p(w_t | EOS w_<t) of each sentence with its final EOS, and the number of predicted tokens. */
  scoreBatch(ids: readonly (readonly number[])[]): Promise<Array<{ logProb: number; tokens: number }>>;
  close(): Promise<void>;
}

export async function openSentenceScorer(modelPath: string, engine: EngineName): Promise<SentenceScorer> {
  if (engine === 'onnx') {
    const checkpoint = await loadCheckpoint(modelPath, { expectKind: 'lm' });
    const tokenizer = await tokenizerOf(checkpoint, 'target', modelPath);
    const lm = await OrtLanguageModel.fromWeights(
      checkpoint.config as unknown as LanguageModelConfig,
      checkpoint.weights,
    );
    return { tokenizer, scoreBatch: (ids) => lm.scoreSentences(ids), close: () => lm.release() };
  }
  const { model, tokenizer } = await loadLanguageModel(modelPath);
  return { tokenizer, scoreBatch: async (ids) => model.scoreSentences(ids), close: async () => model.dispose() };
}
