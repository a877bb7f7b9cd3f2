import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../lib/backend.js';
import { Seq2Seq, disposeDecoderState } from '../lib/models/seq2seq.js';
import { storeToWeights } from '../lib/models/model-checkpoint.js';
import { OrtSeq2Seq } from '../lib/onnx/ort-seq2seq.js';
import { decode } from '../lib/decode/decode.js';
await useBackend('cpu');
for (const cfg of [{}, { cell: 'gru' as const }, { cell: 'rnn' as const, bidirectional: false, encoderLayers: 2, residual: true }, { peepholes: true, layerNorm: false }, { attention: false }, { tieTargetEmbeddings: true, bridgeSize: 8 }]) {
  const model = new Seq2Seq({ sourceVocab: 20, targetVocab: 15, embeddingSize: 8, hiddenSize: 12, attentionSize: 6, bridgeSize: 0, dropout: 0, decoderLayers: 2, ...cfg }, 3);
  const ort = await OrtSeq2Seq.fromWeights(model.config, storeToWeights(model.params));
  const sources = [[5, 6, 7, 8], [9, 10], [4, 4, 4, 4, 4, 4]];
  const a = model.encode(sources);
  const b = await ort.encode(sources);
  const tokens = tf.tensor1d([2, 2, 2], 'int32');
  const oa = model.stepModel().step(a, tokens);
  const ob = await ort.stepModel().step(b, tokens);
  const diff = tf.max(tf.abs(oa.logProbs.sub(ob.logProbs))).dataSync()[0];
  const ga = await decode(model.stepModel(), a, 3, { beamSize: 3, nBest: 2, maxLength: 10 });
  const gb = await decode(ort.stepModel(), b, 3, { beamSize: 3, nBest: 2, maxLength: 10 });
  console.log(JSON.stringify(cfg), 'maxdiff', diff, JSON.stringify(ga.map(l => l.map(h => h.tokens))) === JSON.stringify(gb.map(l => l.map(h => h.tokens))), ga[0]![0]!.score, gb[0]![0]!.score);
  disposeDecoderState(a);
}
