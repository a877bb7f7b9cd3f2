/** Ensemble decoding over toy step models: the combination formula, self-ensembles, batch invariance, mismatches. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { decode, type DecodeRequest } from '../../lib/decode/decode.js';
import type { Hypothesis } from '../../lib/decode/hypothesis.js';
import { ensembleStepModel, normalizeEnsembleWeights, type EnsembleMember } from '../../lib/decode/ensemble-step-model.js';
import { ModelMismatchError } from '../../lib/models/model-mismatch-error.js';
import { OptionError } from '../../lib/errors.js';
import { describeOnBackends, expectArraysClose, expectNoLeak } from '../helpers/tensors.js';
import { decodeToy } from './helpers.js';
import { HashTableModel } from './toy-models.js';

const SOURCES = [3, 7, 1, 5];
const MAX_LENGTH = 8;

/** Decodes sentences of the given source lengths with an ensemble of toy models, freeing the members' states. */
async function decodeEnsemble(members: ReadonlyArray<{ model: HashTableModel; weight: number }>, sourceLengths: readonly number[], request: DecodeRequest<unknown> = {}): Promise<Hypothesis[][]> {
  const ensemble = ensembleStepModel(members as readonly EnsembleMember[]);
  const state = members.map((m) => m.model.initialState(sourceLengths));
  try {
    return await decode(ensemble, state, sourceLengths.length, { sourceLengths, ...request });
  } finally {
    members.forEach((m, k) => m.model.disposeState(state[k]!));
  }
}

const summary = (lists: Hypothesis[][]): unknown => lists.map((list) => list.map((h) => [h.tokens, h.score, h.logProb, h.attention]));

describeOnBackends('ensemble decoding', () => {
  let a: HashTableModel;
  let b: HashTableModel;
  let lm: HashTableModel;
  before(() => {
    a = new HashTableModel({ vocabSize: 6, seed: 7, sharpness: 1.5, eosBias: 0.5, attention: true });
    b = new HashTableModel({ vocabSize: 6, seed: 8, sharpness: 1.5, eosBias: 0.5, attention: true });
    lm = new HashTableModel({ vocabSize: 6, seed: 99 });
  });
  after(() => [a, b, lm].forEach((m) => m.dispose()));

  const requests: Record<string, DecodeRequest<unknown>> = {
    greedy: { beamSize: 1, alignment: 'soft', maxLength: MAX_LENGTH },
    'beam 4, 3-best': { beamSize: 4, nBest: 3, lengthPenalty: 'wu', alignment: 'soft', maxLength: MAX_LENGTH },
    'seeded sampling': { sampling: true, beamSize: 1, topK: 3, seed: 5, maxLength: MAX_LENGTH },
  };
  for (const [name, request] of Object.entries(requests)) {
    it(`an ensemble of a model with itself decodes exactly as the model (${name}: tokens, scores, attention)`, async () => {
      const alone = await decodeToy(a, SOURCES, request);
      const self = await decodeEnsemble([{ model: a, weight: 1 }, { model: a, weight: 1 }], SOURCES, request);
      expect(summary(self)).to.deep.equal(summary(alone));
    });
  }

  it('an ensemble of a model with itself, with LM fusion, decodes exactly as the model with LM fusion', async () => {
    const request = { beamSize: 3, nBest: 2, lmWeight: 0.5, lm: lm.asLanguageModel(), maxLength: MAX_LENGTH };
    const alone = await decodeToy(a, SOURCES, request);
    const self = await decodeEnsemble([{ model: a, weight: 0.3 }, { model: a, weight: 0.3 }], SOURCES, request);
    expect(summary(self)).to.deep.equal(summary(alone));
  });

  it('each step is the weighted average of the members\' log-probabilities and attention (weights normalised)', () => {
    const ensemble = ensembleStepModel([{ model: a, weight: 3 }, { model: b, weight: 1 }]);
    const lengths = [3, 5];
    const states = [a.initialState(lengths), b.initialState(lengths)];
    const tokens = tf.tensor1d([2, 2], 'int32');
    const out = ensemble.step(states, tokens);
    const outA = a.step(states[0]!, tokens);
    const outB = b.step(states[1]!, tokens);
    try {
      const expected = (x: tf.Tensor, y: tf.Tensor): number[] => Array.from(x.dataSync(), (v, i) => 0.75 * v + 0.25 * y.dataSync()[i]!);
      expectArraysClose(out.logProbs.dataSync(), expected(outA.logProbs, outB.logProbs), 1e-6);
      expectArraysClose(out.attention!.dataSync(), expected(outA.attention!, outB.attention!), 1e-6);
      expect(out.logProbs.shape).to.deep.equal([2, 6]);
    } finally {
      ensemble.disposeState(out.state);
      ensemble.disposeState(states);
      [outA, outB].forEach((o) => (a.disposeState(o.state), tf.dispose([o.logProbs, o.attention!])));
      tf.dispose([tokens, out.logProbs, out.attention!]);
    }
  });

  it('a two-model ensemble decodes differently from either member (the combination is real)', async () => {
    const request = { beamSize: 4, maxLength: MAX_LENGTH };
    const both = await decodeEnsemble([{ model: a, weight: 1 }, { model: b, weight: 1 }], SOURCES, request);
    expect(summary(both)).to.not.deep.equal(summary(await decodeToy(a, SOURCES, request)));
    expect(summary(both)).to.not.deep.equal(summary(await decodeToy(b, SOURCES, request)));
  });

  it('ensemble beam search is batch-invariant: a sentence decodes the same alone and in batches', async () => {
    const members = [{ model: a, weight: 0.6 }, { model: b, weight: 0.4 }];
    const request = { beamSize: 4, nBest: 3, lengthPenalty: 'wu', alignment: 'soft', maxLength: MAX_LENGTH, maxLengthRatio: 2 } as const;
    const together = await decodeEnsemble(members, SOURCES, request);
    const reversed = await decodeEnsemble(members, [...SOURCES].reverse(), request);
    for (const [i, source] of SOURCES.entries()) {
      const [alone] = await decodeEnsemble(members, [source], request);
      for (const other of [together[i]!, reversed[SOURCES.length - 1 - i]!]) {
        expect(other.map((h) => [h.tokens, h.score, h.logProb])).to.deep.equal(alone!.map((h) => [h.tokens, h.score, h.logProb]));
        other.forEach((h, j) => expectArraysClose(h.attention!.flat(), alone![j]!.attention!.flat(), 1e-6));
      }
    }
  });

  it('members with different target vocabularies are a ModelMismatchError naming the member', () => {
    const wide = new HashTableModel({ vocabSize: 7, seed: 3 });
    try {
      expect(() => ensembleStepModel([{ model: a, weight: 1 }, { model: wide, weight: 1 }]))
        .to.throw(ModelMismatchError, /member 2 has a target vocabulary of 7, member 1 of 6/)
        .with.property('code', 'E_MISMATCH_VOCAB');
    } finally {
      wide.dispose();
    }
  });

  it('weights: normalised to sum 1; a wrong count or a weight ≤ 0 is an OptionError', () => {
    expect(normalizeEnsembleWeights(2, [3, 1])).to.deep.equal([0.75, 0.25]);
    expect(normalizeEnsembleWeights(3)).to.deep.equal([1 / 3, 1 / 3, 1 / 3]);
    expect(() => normalizeEnsembleWeights(2, [1])).to.throw(OptionError, /one weight per model \(2\), got 1/);
    expect(() => normalizeEnsembleWeights(2, [1, 0])).to.throw(OptionError, /weight 2 is 0/);
    expect(() => normalizeEnsembleWeights(2, [1, Number.NaN])).to.throw(OptionError, /weight 2 is NaN/);
    expect(() => normalizeEnsembleWeights(0)).to.throw(OptionError, /at least one model/);
  });

  it('leaks no tensors (greedy, beam with n-best, LM fusion)', async () => {
    await expectNoLeak(async () => {
      const members = [{ model: a, weight: 1 }, { model: b, weight: 1 }];
      await decodeEnsemble(members, SOURCES, { beamSize: 1, alignment: 'soft' });
      await decodeEnsemble(members, SOURCES, { beamSize: 4, nBest: 2, alignment: 'hard' });
      await decodeEnsemble(members, SOURCES, { beamSize: 3, lmWeight: 0.5, lm: lm.asLanguageModel() });
    });
  });
});
