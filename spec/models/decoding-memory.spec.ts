import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { Seq2Seq, disposeDecoderState } from '../../lib/models/seq2seq.js';

/** Boundedness: 10,000 greedy decoding steps over the StepModel leave the tensor count and the byte count unchanged. */
describe('decoding memory', () => {
  it('10,000 greedy steps of a tiny seq2seq (attention, 2-layer LSTM) leak no tensor and no byte', async () => {
    const model = new Seq2Seq({
      sourceVocab: 12,
      targetVocab: 12,
      embeddingSize: 4,
      hiddenSize: 6,
      attentionSize: 4,
      dropout: 0,
      bridgeSize: 0,
      decoderInit: 'zeros',
    });
    const step = model.stepModel();
    const initial = model.encode([
      [4, 5, 6],
      [7, 8],
    ]);
    let state = initial;
    let tokens = tf.tensor1d([2, 2], 'int32'); // BOS
    const before = tf.memory();
    for (let i = 0; i < 10_000; i++) {
      const out = step.step(state, tokens);
      const next = tf.tidy(() => tf.argMax(out.logProbs, 1).cast('int32') as tf.Tensor1D); // on-device argmax
      await next.data(); // per-step read-back, as a real EOS check does
      tokens.dispose();
      out.logProbs.dispose();
      out.attention?.dispose();
      if (state !== initial) step.disposeState(state);
      state = out.state;
      tokens = next;
    }
    step.disposeState(state);
    const after = tf.memory(); // the initial state and one token tensor, as before the loop
    expect(after.numTensors, 'tensors').to.equal(before.numTensors);
    expect(after.numBytes, 'bytes').to.equal(before.numBytes);
    tokens.dispose();
    disposeDecoderState(initial);
    model.dispose();
  });
});
