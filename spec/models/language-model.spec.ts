import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { LanguageModel, type StreamChunk } from '../../lib/models/language-model.js';
import { streamChunks, documentsFromLines } from '../../lib/train/stream-chunks.js';
import { BOS_ID, EOS_ID } from '../../lib/text/special-ids.js';
import { describeOnBackends, expectNoLeak } from '../helpers/tensors.js';

const DOCS = [
  [
    [4, 5, 6],
    [7, 8],
  ],
  [[9, 4], [5]],
];

function chunkLoss(model: LanguageModel, chunks: StreamChunk[]): number {
  let state = model.zeroState(chunks[0]!.batch);
  let total = 0;
  for (const chunk of chunks) {
    const { loss, tokens, final } = model.chunkLoss(chunk, state);
    total += loss.dataSync()[0]! * tokens;
    loss.dispose();
    tf.dispose(state.layers.flatMap((s) => (s.c ? [s.h, s.c] : [s.h])));
    state = final;
  }
  tf.dispose(state.layers.flatMap((s) => (s.c ? [s.h, s.c] : [s.h])));
  return total;
}

describe('train/stream-chunks', () => {
  it('builds EOS s EOS streams, splits rows, flags resets at document starts and pads the tail', () => {
    const chunks = streamChunks(DOCS, 1, 4);
    // stream: EOS 4 5 6 EOS 7 8 EOS | EOS 9 4 EOS 5 EOS  (14 tokens, 13 predictions)
    expect(chunks.length).to.equal(4);
    expect(Array.from(chunks[0]!.inputs)).to.deep.equal([EOS_ID, 4, 5, 6]);
    expect(Array.from(chunks[0]!.targets)).to.deep.equal([4, 5, 6, EOS_ID]);
    expect(Array.from(chunks[0]!.reset)).to.deep.equal([1, 0, 0, 0]);
    expect(Array.from(chunks[2]!.inputs)).to.deep.equal([EOS_ID, 9, 4, EOS_ID]);
    expect(Array.from(chunks[2]!.reset)).to.deep.equal([1, 0, 0, 0]);
    expect(Array.from(chunks[3]!.valid)).to.deep.equal([1, 0, 0, 0]);
    expect(Array.from(chunks[1]!.valid)).to.deep.equal([1, 1, 1, 0]); // document 1's final EOS predicts nothing across the boundary
  });
  it('rejects a non-positive or fractional batch or chunk length, naming the flag', () => {
    expect(() => streamChunks(DOCS, 0, 4)).to.throw(/--batch\) must be a positive integer, got 0/);
    expect(() => streamChunks(DOCS, 2, 0.5)).to.throw(/--bptt\) must be a positive integer, got 0.5/);
  });
  it('splits documents at blank lines', () => {
    expect(
      documentsFromLines(['a b', '', '', 'c', 'd', ''], (l) => l.split(' ').map((w) => w.charCodeAt(0))),
    ).to.deep.equal([[[97, 98]], [[99], [100]]]);
  });
});

describeOnBackends('models/language-model', () => {
  it('carrying the state across chunks equals reading the stream in one chunk (truncated BPTT is exact forward)', () => {
    const model = new LanguageModel({ vocab: 10, embeddingSize: 4, hiddenSize: 5, layers: 2, dropout: 0 }, 3);
    const whole = chunkLoss(model, streamChunks(DOCS, 2, 8));
    const pieces = chunkLoss(model, streamChunks(DOCS, 2, 3));
    expect(pieces).to.be.closeTo(whole, 1e-4);
    model.dispose();
  });

  it('resets at document boundaries: the second document scores the same whatever document precedes it', () => {
    const model = new LanguageModel(
      { vocab: 10, embeddingSize: 4, hiddenSize: 5, layers: 1, dropout: 0, cell: 'gru' },
      4,
    );
    /** Loss over the predictions made from the second document on (one row, one chunk). */
    const secondDocLoss = (docs: number[][][], keepResets: boolean): number => {
      const [chunk] = streamChunks(docs, 1, 40);
      const start = Array.from(chunk!.reset).lastIndexOf(1);
      const reset = keepResets ? chunk!.reset : new Float32Array(chunk!.reset.length);
      const full: StreamChunk = { ...chunk!, reset };
      const prefix: StreamChunk = {
        inputs: full.inputs.slice(0, start),
        targets: full.targets.slice(0, start),
        valid: full.valid.slice(0, start),
        reset: reset.slice(0, start),
        batch: 1,
        steps: start,
      };
      return chunkLoss(model, [full]) - chunkLoss(model, [prefix]); // the predictions made from the second document on
    };
    const other = [[8, 8, 8, 9], [6]];
    expect(secondDocLoss([DOCS[0]!, DOCS[1]!], true)).to.be.closeTo(secondDocLoss([other, DOCS[1]!], true), 1e-5);
    // control: without resets the preceding document does change the scores, so the test above has power
    expect(Math.abs(secondDocLoss([DOCS[0]!, DOCS[1]!], false) - secondDocLoss([other, DOCS[1]!], false))).to.be.above(
      1e-4,
    );
    model.dispose();
  });

  it('sentence scores equal step-by-step log-probabilities through the StepModel', () => {
    const model = new LanguageModel({ vocab: 10, embeddingSize: 4, hiddenSize: 5, layers: 2, dropout: 0 }, 5);
    const sentences = [[4, 5, 6], [7]];
    const scores = model.scoreSentences(sentences);
    const step = model.stepModel();
    sentences.forEach((s, b) => {
      let state = model.zeroState(1);
      let total = 0;
      [...s, EOS_ID].forEach((y, i) => {
        const tokens = tf.tensor1d([i === 0 ? BOS_ID : s[i - 1]!], 'int32'); // the step model reads BOS as EOS
        const out = step.step(state, tokens);
        total += out.logProbs.arraySync()[0]![y]!;
        tf.dispose([tokens, out.logProbs]);
        step.disposeState(state);
        state = out.state;
      });
      step.disposeState(state);
      expect(scores[b]!.logProb).to.be.closeTo(total, 1e-4);
      expect(scores[b]!.tokens).to.equal(s.length + 1);
    });
    model.dispose();
  });

  it('no tensor leaks in chunk training with dropout, scoring and stepping', async () => {
    const model = new LanguageModel({ vocab: 10, embeddingSize: 4, hiddenSize: 5, layers: 2, dropout: 0.2 }, 6);
    await expectNoLeak(() => {
      chunkLoss(model, streamChunks(DOCS, 2, 3));
      model.scoreSentences([[4, 5], [6]]);
    });
    model.dispose();
  });
});
