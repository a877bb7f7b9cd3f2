import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { Seq2Seq } from '../../lib/models/seq2seq.js';
import type { Seq2SeqConfig } from '../../lib/models/seq2seq-config.js';
import { gradientCheck } from '../../lib/nn/gradcheck.js';
import { BOS_ID, EOS_ID } from '../../lib/text/special-ids.js';
import { Rng } from '../../lib/util/random.js';
import { describeOnBackends, expectArraysClose, expectNoLeak } from '../helpers/tensors.js';
import { OptionError } from '../../lib/errors.js';
import { TINY_SEQ2SEQ as TINY } from '../helpers/tiny-models.js';

const SOURCES = [
  [4, 5, 6, 7],
  [8, 4],
];
const TARGETS = [
  [5, 6],
  [7, 4, 5],
];

/** log p(targets | sources) summed, computed step by step through the decoding interface (forced decoding). */
function forcedLogProb(model: Seq2Seq, source: number[], target: number[]): number {
  const step = model.stepModel();
  let state = model.encode([source]);
  let total = 0;
  for (const [i, y] of [...target, EOS_ID].entries()) {
    const prev = i === 0 ? BOS_ID : target[i - 1]!;
    const tokens = tf.tensor1d([prev], 'int32');
    const out = step.step(state, tokens);
    total += out.logProbs.arraySync()[0]![y]!;
    tf.dispose([tokens, out.logProbs]);
    step.disposeState(state);
    state = out.state;
    if (out.attention) out.attention.dispose();
  }
  step.disposeState(state);
  return total;
}

describeOnBackends('models/seq2seq', () => {
  for (const recurrence of ['fused', 'stepwise'] as const) {
    it(`gradient check of the whole seq2seq loss (bidirectional LSTM + attention + bridge, tiny model; ${recurrence} encoder)`, () => {
      const model = new Seq2Seq({ ...TINY, cell: 'lstm', bidirectional: true }, 4);
      const rng = new Rng(2);
      for (const v of model.params.variables.values())
        tf.tidy(() =>
          v.assign(
            tf.tensor(
              Float32Array.from({ length: v.size }, () => (2 * rng.next() - 1) * 0.8),
              v.shape,
            ),
          ),
        );
      const loss = () => tf.tidy(() => model.loss(SOURCES, TARGETS, undefined, recurrence).loss.mul(5) as tf.Scalar);
      const report = gradientCheck(loss, model.params.variables);
      for (const p of report.params) expect(p.worstRelativeError, `${p.name} at ${p.worstProbe}`).to.be.at.most(0.01);
      model.dispose();
    });
  }

  for (const cell of ['lstm', 'gru', 'rnn'] as const) {
    it(`teacher-forced loss equals the step-by-step forced-decoding log-probability (${cell})`, () => {
      const model = new Seq2Seq({ ...TINY, cell, bidirectional: cell !== 'rnn' }, 5);
      const { loss, tokens } = model.loss(SOURCES, TARGETS);
      const mean = loss.dataSync()[0]!;
      loss.dispose();
      const total = SOURCES.reduce((sum, s, b) => sum + forcedLogProb(model, s, TARGETS[b]!), 0);
      expect(tokens).to.equal(7);
      expect(mean).to.be.closeTo(-total / tokens, 1e-5);
      model.dispose();
    });
  }

  it('batch invariance: a sentence scores the same alone and in a padded batch', () => {
    const model = new Seq2Seq({ ...TINY, bidirectional: true }, 6);
    const alone = model.loss([SOURCES[1]!], [TARGETS[1]!]);
    const longer = model.loss([[4, 5, 6, 7, 8, 4, 5], SOURCES[1]!], [[5, 5, 5, 5, 5, 5], TARGETS[1]!]);
    const other = model.loss([[4, 5, 6, 7, 8, 4, 5]], [[5, 5, 5, 5, 5, 5]]);
    // mean over 4 tokens alone; the batch's mean mixes 7 + 4 tokens
    const combined = (other.loss.dataSync()[0]! * 7 + alone.loss.dataSync()[0]! * 4) / 11;
    expect(longer.loss.dataSync()[0]!).to.be.closeTo(combined, 1e-5);
    tf.dispose([alone.loss, longer.loss, other.loss]);
    model.dispose();
  });

  it('decoder steps over select()-ed rows equal steps over the original rows (beam reordering)', () => {
    const model = new Seq2Seq({ ...TINY }, 7);
    const step = model.stepModel();
    tf.tidy(() => {
      const state = model.encode(SOURCES);
      const rows = tf.tensor1d([1, 1, 0], 'int32');
      const picked = step.select(state, rows);
      const a = step.step(state, tf.tensor1d([BOS_ID, BOS_ID], 'int32')).logProbs.arraySync();
      const b = step.step(picked, tf.tensor1d([BOS_ID, BOS_ID, BOS_ID], 'int32')).logProbs.arraySync();
      expectArraysClose(b[0]!, a[1]!);
      expectArraysClose(b[1]!, a[1]!);
      expectArraysClose(b[2]!, a[0]!);
    });
    model.dispose();
  });

  it('no tensor leaks over training steps with dropout and over decoding steps', async () => {
    const model = new Seq2Seq({ ...TINY, dropout: 0.3, labelSmoothing: 0.1 }, 8);
    const optimizer = tf.train.adam(0.01);
    const rng = new Rng(1);
    optimizer.minimize(() => model.loss(SOURCES, TARGETS, rng, 'fused').loss); // creates the optimizer's slots once
    await expectNoLeak(() => {
      for (let i = 0; i < 5; i++)
        optimizer.minimize(() => model.loss(SOURCES, TARGETS, rng, i % 2 ? 'fused' : 'stepwise').loss, true)?.dispose();
      forcedLogProb(model, SOURCES[0]!, TARGETS[0]!);
    });
    optimizer.dispose();
    model.dispose();
  });
});

describe('models/seq2seq config', () => {
  it('rejects impossible combinations with a message naming the field', () => {
    const fieldOf = (config: Partial<Seq2SeqConfig>): unknown => {
      try {
        new Seq2Seq({ ...TINY, ...config }).dispose();
      } catch (e) {
        expect(e).to.be.instanceOf(OptionError);
        expect((e as OptionError).message).to.not.include('--'); // the CLI words errors by flag, the library by field
        return (e as OptionError).details['field'];
      }
      return undefined;
    };
    expect(() => new Seq2Seq({ ...TINY, hiddenSize: 5, bidirectional: true })).to.throw(
      OptionError,
      /model config hiddenSize must be even with a bidirectional encoder .*, got 5/,
    );
    expect(fieldOf({ hiddenSize: 5, bidirectional: true })).to.equal('hiddenSize');
    expect(() => new Seq2Seq({ ...TINY, tieTargetEmbeddings: true, bridgeSize: 4 })).to.throw(
      OptionError,
      /bridgeSize must be the embedding size \(\d+\) when the target embeddings are tied, got 4/,
    );
    expect(fieldOf({ tieTargetEmbeddings: true, bridgeSize: 4 })).to.equal('bridgeSize');
    expect(() => new Seq2Seq({ ...TINY, dropout: 1 })).to.throw(OptionError, /dropout must be in \[0, 1\)/);
    expect(fieldOf({ dropout: 1 })).to.equal('dropout');
  });
});
