/**
 * The onnx engine against the tfjs engine on small random translation models, one per architecture feature: the
 * exported graphs run in the real ONNX Runtime (onnxruntime-node) and must give the same step log-probabilities
 * and attention (1e-4), the same greedy and beam n-best outputs, and the same forced-decoding scores.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { Seq2Seq, disposeDecoderState } from '../../lib/models/seq2seq.js';
import type { Seq2SeqConfig } from '../../lib/models/seq2seq-config.js';
import { storeToWeights } from '../../lib/models/model-checkpoint.js';
import { OrtSeq2Seq } from '../../lib/onnx/ort-seq2seq.js';
import { exportSeq2Seq } from '../../lib/onnx/export-seq2seq.js';
import { resolveDecodeOptions } from '../../lib/decode/options.js';
import { decode } from '../../lib/decode/decode.js';
import { scoreSequences } from '../../lib/decode/score.js';
import { BOS_ID } from '../../lib/text/special-ids.js';
import { expectArraysClose } from '../helpers/tensors.js';
import { OnnxExportError } from '../../lib/onnx/export-error.js';

const BASE = {
  sourceVocab: 23,
  targetVocab: 17,
  embeddingSize: 8,
  hiddenSize: 12,
  attentionSize: 6,
  bridgeSize: 0,
  dropout: 0,
  decoderLayers: 1,
  encoderLayers: 1,
};

/** One model per feature the exporter must cover (the defaults: LSTM, bidirectional, attention, mean-projection). */
const CASES: Array<[string, Partial<Seq2SeqConfig>]> = [
  ['lstm, bidirectional, attention, output context', {}],
  ['gru (z weights the new candidate)', { cell: 'gru' }],
  ['tanh rnn', { cell: 'rnn' }],
  ['stacked: 2-layer bidirectional encoder, 3-layer decoder', { encoderLayers: 2, decoderLayers: 3 }],
  [
    'unidirectional stacked encoder with residual connections',
    { bidirectional: false, encoderLayers: 3, decoderLayers: 2, residual: true },
  ],
  ['gru unidirectional stacked', { cell: 'gru', bidirectional: false, encoderLayers: 2, decoderLayers: 2 }],
  ['no attention', { attention: false, decoderLayers: 2 }],
  ['bridge layer', { bridgeSize: 10 }],
  ['tied target embeddings', { bridgeSize: 8, tieTargetEmbeddings: true }],
  ['peepholes', { peepholes: true, decoderLayers: 2 }],
  ['output without context, zero initial state', { outputContext: false, decoderInit: 'zeros' }],
];

const SOURCES = [[5, 6, 7, 8, 9], [10, 11], [4, 12, 13, 14, 15, 16, 17, 18], [19]];
const TARGETS = [[4, 5, 6], [7], [8, 9, 10, 11, 12], []];

describe('onnx/seq2seq: ONNX Runtime engine vs tfjs', () => {
  for (const [title, config] of CASES) {
    describe(title, () => {
      let model: Seq2Seq;
      let ort: OrtSeq2Seq;
      before(async () => {
        model = new Seq2Seq({ ...BASE, ...config }, 11);
        ort = await OrtSeq2Seq.fromWeights(model.config, storeToWeights(model.params));
      });
      after(async () => {
        model.dispose();
        await ort.release();
      });

      it('step log-probabilities and attention agree over teacher-forced steps of a padded batch', async () => {
        let a = model.encode(SOURCES);
        let b = await ort.encode(SOURCES);
        const tfjs = model.stepModel();
        const onnx = ort.stepModel();
        for (let i = 0; i < 4; i++) {
          const tokens = tf.tensor1d(
            TARGETS.map((t) => (i === 0 ? BOS_ID : (t[i - 1] ?? 4))),
            'int32',
          );
          const x = tfjs.step(a, tokens);
          const y = await onnx.step(b, tokens);
          expectArraysClose(y.logProbs.dataSync(), x.logProbs.dataSync(), 1e-4);
          if (model.config.attention) expectArraysClose(y.attention!.dataSync(), x.attention!.dataSync(), 1e-5);
          else expect(y.attention).to.equal(undefined);
          tf.dispose([
            tokens,
            x.logProbs,
            y.logProbs,
            ...(x.attention ? [x.attention] : []),
            ...(y.attention ? [y.attention] : []),
          ]);
          disposeDecoderState(a);
          a = x.state;
          b = y.state;
        }
        disposeDecoderState(a);
      });

      it('greedy and beam search (n-best 3) give the same hypotheses and scores', async () => {
        for (const options of [
          { beamSize: 1 },
          { beamSize: 4, nBest: 3 },
          { beamSize: 3, alignment: 'soft' as const },
        ]) {
          const state = model.encode(SOURCES);
          const expected = await decode(
            model.stepModel(),
            state,
            SOURCES.length,
            resolveDecodeOptions({ ...options, maxLength: 12 }),
            { sourceLengths: SOURCES.map((s) => s.length + 1) },
          );
          disposeDecoderState(state);
          const actual = await decode(
            ort.stepModel(),
            await ort.encode(SOURCES),
            SOURCES.length,
            resolveDecodeOptions({ ...options, maxLength: 12 }),
            { sourceLengths: SOURCES.map((s) => s.length + 1) },
          );
          expect(actual.map((l) => l.map((h) => h.tokens))).to.deep.equal(expected.map((l) => l.map((h) => h.tokens)));
          expectArraysClose(
            actual.flat().map((h) => h.score),
            expected.flat().map((h) => h.score),
            1e-4,
          );
          if (options.alignment && model.config.attention)
            expectArraysClose(
              actual.flat().flatMap((h) => h.attention!.flat()),
              expected.flat().flatMap((h) => h.attention!.flat()),
              1e-5,
            );
        }
      });

      it('forced-decoding scores agree to 1e-4', async () => {
        const state = model.encode(SOURCES);
        const expected = await scoreSequences(model.stepModel(), state, TARGETS);
        disposeDecoderState(state);
        const actual = await scoreSequences(ort.stepModel(), await ort.encode(SOURCES), TARGETS);
        expectArraysClose(actual, expected, 1e-4);
      });
    });
  }

  it('refuses layer normalisation in the encoder with an error that names it', () => {
    const model = new Seq2Seq({ ...BASE, layerNorm: true }, 3);
    try {
      expect(() => exportSeq2Seq(model.config, storeToWeights(model.params))).to.throw(
        OnnxExportError,
        /layer normalisation.*layerNorm: true.*--engine tfjs/,
      );
    } finally {
      model.dispose();
    }
  });

  it('names a weight the config implies but the checkpoint lacks', () => {
    const model = new Seq2Seq(BASE, 3);
    try {
      const weights = storeToWeights(model.params).filter((w) => w.name !== 'decoder.attention.v');
      expect(() => exportSeq2Seq(model.config, weights)).to.throw(
        OnnxExportError,
        /no float32 weight 'decoder.attention.v'/,
      );
    } finally {
      model.dispose();
    }
  });
});
