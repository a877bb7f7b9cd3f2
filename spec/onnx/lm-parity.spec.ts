/**
 * The language model on ONNX Runtime against tfjs on small random models: step log-probabilities (BOS read as EOS),
 * sentence scores from the score graph (or, with layer norm, from the step graph), and translation with LM shallow
 * fusion and n-best rescoring on both engines.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { LanguageModel, disposeLmState } from '../../lib/models/language-model.js';
import type { LanguageModelConfig } from '../../lib/models/lm-config.js';
import { Seq2Seq, disposeDecoderState } from '../../lib/models/seq2seq.js';
import { storeToWeights } from '../../lib/models/model-checkpoint.js';
import { OrtLanguageModel } from '../../lib/onnx/ort-language-model.js';
import { OrtSeq2Seq } from '../../lib/onnx/ort-seq2seq.js';
import { exportLanguageModel } from '../../lib/onnx/export-lm.js';
import { resolveDecodeOptions } from '../../lib/decode/options.js';
import { decode } from '../../lib/decode/decode.js';
import { BOS_ID } from '../../lib/text/special-ids.js';
import { expectArraysClose } from '../helpers/tensors.js';

const V = 19;
const CASES: Array<[string, Partial<LanguageModelConfig>]> = [
  ['lstm, 2 layers', {}],
  ['gru', { cell: 'gru' }],
  ['tanh rnn, residual, 3 layers', { cell: 'rnn', layers: 3, residual: true }],
  ['tied embeddings', { embeddingSize: 10, hiddenSize: 10, tieEmbeddings: true }],
  ['layer norm (step graph only)', { layerNorm: true }],
];
const SENTENCES = [[4, 5, 6, 7], [8], [9, 10, 11, 12, 13, 14, 15], []];

describe('onnx/lm: ONNX Runtime language model vs tfjs', () => {
  for (const [title, config] of CASES) {
    describe(title, () => {
      let lm: LanguageModel;
      let ort: OrtLanguageModel;
      before(async () => {
        lm = new LanguageModel({ vocab: V, embeddingSize: 8, hiddenSize: 10, layers: 2, dropout: 0, ...config }, 5);
        ort = await OrtLanguageModel.fromWeights(lm.config, storeToWeights(lm.params));
      });
      after(async () => {
        lm.dispose();
        await ort.release();
      });

      it('step log-probabilities agree (BOS read as EOS)', async () => {
        let a = lm.zeroState(3);
        let b = ort.zeroState(3);
        for (const ids of [
          [BOS_ID, BOS_ID, 5],
          [6, 7, 8],
          [9, 3, 4],
        ]) {
          const tokens = tf.tensor1d(ids, 'int32');
          const x = lm.stepModel().step(a, tokens);
          const y = await ort.stepModel().step(b, tokens);
          expectArraysClose(y.logProbs.dataSync(), x.logProbs.dataSync(), 1e-4);
          tf.dispose([tokens, x.logProbs, y.logProbs]);
          disposeLmState(a);
          a = x.state;
          b = y.state;
        }
        disposeLmState(a);
      });

      it('sentence scores agree to 1e-4', async () => {
        const expected = lm.scoreSentences(SENTENCES);
        const actual = await ort.scoreSentences(SENTENCES);
        expect(actual.map((s) => s.tokens)).to.deep.equal(expected.map((s) => s.tokens));
        expectArraysClose(
          actual.map((s) => s.logProb),
          expected.map((s) => s.logProb),
          1e-4,
        );
      });
    });
  }

  it('exports a score graph only where ONNX operators cover the cell', () => {
    for (const layerNorm of [false, true]) {
      const lm = new LanguageModel({ vocab: V, embeddingSize: 8, hiddenSize: 10, layers: 1, dropout: 0, layerNorm }, 5);
      expect(exportLanguageModel(lm.config, storeToWeights(lm.params)).score === undefined).to.equal(layerNorm);
      lm.dispose();
    }
  });

  it('translation with LM fusion and with n-best rescoring is the same on both engines', async () => {
    const model = new Seq2Seq(
      {
        sourceVocab: 23,
        targetVocab: V,
        embeddingSize: 8,
        hiddenSize: 12,
        attentionSize: 6,
        bridgeSize: 0,
        dropout: 0,
        decoderLayers: 1,
      },
      2,
    );
    const lm = new LanguageModel({ vocab: V, embeddingSize: 8, hiddenSize: 10, layers: 1, dropout: 0 }, 9);
    const ortModel = await OrtSeq2Seq.fromWeights(model.config, storeToWeights(model.params));
    const ortLm = await OrtLanguageModel.fromWeights(lm.config, storeToWeights(lm.params));
    const sources = [
      [5, 6, 7],
      [8, 9, 10, 11, 12],
    ];
    try {
      for (const options of [
        { beamSize: 3, lmWeight: 0.5 },
        { beamSize: 3, nBest: 2, lmWeight: 0.5, lmRescore: true },
        { beamSize: 1, lmWeight: 0.8 },
      ]) {
        const state = model.encode(sources);
        const expected = await decode(
          model.stepModel(),
          state,
          2,
          resolveDecodeOptions({ ...options, maxLength: 10 }),
          { lm: { model: lm.stepModel(), initialState: (n: number) => lm.zeroState(n) } },
        );
        disposeDecoderState(state);
        const actual = await decode(
          ortModel.stepModel(),
          await ortModel.encode(sources),
          2,
          resolveDecodeOptions({ ...options, maxLength: 10 }),
          { lm: { model: ortLm.stepModel(), initialState: (n: number) => ortLm.zeroState(n) } },
        );
        expect(actual.map((l) => l.map((h) => h.tokens))).to.deep.equal(expected.map((l) => l.map((h) => h.tokens)));
        expectArraysClose(
          actual.flat().map((h) => h.score),
          expected.flat().map((h) => h.score),
          1e-4,
        );
      }
    } finally {
      model.dispose();
      lm.dispose();
      await Promise.all([ortModel.release(), ortLm.release()]);
    }
  });
});
