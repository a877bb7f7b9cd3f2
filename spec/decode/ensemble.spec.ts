/** Ensemble decoding over toy step models: the combination formula, self-ensembles, batch invariance, mismatches. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { decode, type DecodeInputs } from '../../lib/decode/decode.js';
import { resolveDecodeOptions, type DecodeOptions } from '../../lib/decode/options.js';
import type { StepModel } from '../../lib/decode/step-model.js';
import type { Hypothesis } from '../../lib/decode/hypothesis.js';
import {
  ensembleStepModel,
  normalizeEnsembleWeights,
  type EnsembleMember,
} from '../../lib/decode/ensemble-step-model.js';
import { ModelMismatchError, OptionError } from '../../lib/errors.js';
import { describeOnBackends, expectArraysClose, expectNoLeak } from '../helpers/tensors.js';
import { BATCH_INVARIANCE_REQUEST, decodeToy, expectBatchInvariant } from './helpers.js';
import { HashTableModel } from './toy-models.js';

const SOURCES = [3, 7, 1, 5];
const MAX_LENGTH = 8;

type DecodeRequest = Partial<DecodeOptions> & Pick<DecodeInputs<unknown>, 'lm'>;

/** The toy model behind a step that answers with a promise, as ONNX Runtime's sessions do. */
function asynchronous<S>(model: StepModel<S>): StepModel<S> {
  return {
    vocabSize: model.vocabSize,
    step: async (state, tokens) => model.step(state, tokens),
    select: (state, rows) => model.select(state, rows),
    disposeState: (state) => model.disposeState(state),
  };
}

/** Decodes sentences of the given source lengths with an ensemble of toy models, freeing the members' states. */
async function decodeEnsemble(
  members: ReadonlyArray<{ model: HashTableModel; weight: number }>,
  sourceLengths: readonly number[],
  request: DecodeRequest = {},
  async = false,
): Promise<Hypothesis[][]> {
  const { lm, ...options } = request;
  const resolved = resolveDecodeOptions(options);
  const ensemble = ensembleStepModel(
    members.map((m) => ({
      model: async ? asynchronous(m.model) : m.model,
      weight: m.weight,
    })) as readonly EnsembleMember[],
  );
  const state = members.map((m) => m.model.initialState(sourceLengths));
  try {
    return await decode(ensemble, state, sourceLengths.length, resolved, { sourceLengths, lm });
  } finally {
    members.forEach((m, k) => m.model.disposeState(state[k]!));
  }
}

const summary = (lists: Hypothesis[][]): unknown =>
  lists.map((list) => list.map((h) => [h.tokens, h.score, h.logProb, h.attention]));

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

  const requests: Record<string, DecodeRequest> = {
    greedy: { beamSize: 1, alignment: 'soft', maxLength: MAX_LENGTH },
    'beam 4, 3-best': { beamSize: 4, nBest: 3, lengthPenalty: 'wu', alignment: 'soft', maxLength: MAX_LENGTH },
    'seeded sampling': { sampling: true, beamSize: 1, topK: 3, seed: 5, maxLength: MAX_LENGTH },
  };
  for (const [name, request] of Object.entries(requests)) {
    it(`an ensemble of a model with itself decodes exactly as the model (${name}: tokens, scores, attention)`, async () => {
      const alone = await decodeToy(a, SOURCES, request);
      const self = await decodeEnsemble(
        [
          { model: a, weight: 1 },
          { model: a, weight: 1 },
        ],
        SOURCES,
        request,
      );
      expect(summary(self)).to.deep.equal(summary(alone));
    });
  }

  it('members whose steps answer with promises (the onnx engine) decode as synchronous ones (beam 4, 3-best)', async () => {
    const request = requests['beam 4, 3-best']!;
    const members = [
      { model: a, weight: 0.6 },
      { model: b, weight: 0.4 },
    ];
    expect(summary(await decodeEnsemble(members, SOURCES, request, true))).to.deep.equal(
      summary(await decodeEnsemble(members, SOURCES, request)),
    );
    expect(
      summary(
        await decodeEnsemble(
          [
            { model: a, weight: 1 },
            { model: a, weight: 1 },
          ],
          SOURCES,
          request,
          true,
        ),
      ),
    ).to.deep.equal(summary(await decodeToy(a, SOURCES, request)));
  });

  it('an ensemble of a model with itself, with LM fusion, decodes exactly as the model with LM fusion', async () => {
    const request = { beamSize: 3, nBest: 2, lmWeight: 0.5, lm: lm.asLanguageModel(), maxLength: MAX_LENGTH };
    const alone = await decodeToy(a, SOURCES, request);
    const self = await decodeEnsemble(
      [
        { model: a, weight: 0.3 },
        { model: a, weight: 0.3 },
      ],
      SOURCES,
      request,
    );
    expect(summary(self)).to.deep.equal(summary(alone));
  });

  it("each step is the weighted average of the members' log-probabilities and attention (weights normalised)", async () => {
    const ensemble = ensembleStepModel([
      { model: a, weight: 3 },
      { model: b, weight: 1 },
    ]);
    const lengths = [3, 5];
    const states = [a.initialState(lengths), b.initialState(lengths)];
    const tokens = tf.tensor1d([2, 2], 'int32');
    const out = await ensemble.step(states, tokens);
    const outA = a.step(states[0]!, tokens);
    const outB = b.step(states[1]!, tokens);
    try {
      const expected = (x: tf.Tensor, y: tf.Tensor): number[] =>
        Array.from(x.dataSync(), (v, i) => 0.75 * v + 0.25 * y.dataSync()[i]!);
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
    const both = await decodeEnsemble(
      [
        { model: a, weight: 1 },
        { model: b, weight: 1 },
      ],
      SOURCES,
      request,
    );
    expect(summary(both)).to.not.deep.equal(summary(await decodeToy(a, SOURCES, request)));
    expect(summary(both)).to.not.deep.equal(summary(await decodeToy(b, SOURCES, request)));
  });

  it('ensemble beam search is batch-invariant: a sentence decodes the same alone and in batches', async () => {
    const members = [
      { model: a, weight: 0.6 },
      { model: b, weight: 0.4 },
    ];
    await expectBatchInvariant((lengths) => decodeEnsemble(members, lengths, BATCH_INVARIANCE_REQUEST), SOURCES);
  });

  it('members with different target vocabularies are a ModelMismatchError naming the member', () => {
    const wide = new HashTableModel({ vocabSize: 7, seed: 3 });
    try {
      expect(() =>
        ensembleStepModel([
          { model: a, weight: 1 },
          { model: wide, weight: 1 },
        ]),
      )
        .to.throw(ModelMismatchError, /member 2 has a target vocabulary of 7, member 1 of 6/)
        .with.property('code', 'E_MISMATCH_VOCAB');
    } finally {
      wide.dispose();
    }
  });

  it('weights: normalised to sum 1; a wrong count or a weight ≤ 0 is an OptionError naming the field', () => {
    expect(normalizeEnsembleWeights(2, [3, 1])).to.deep.equal([0.75, 0.25]);
    expect(normalizeEnsembleWeights(3)).to.deep.equal([1 / 3, 1 / 3, 1 / 3]);
    const field = (fn: () => unknown, message: RegExp): void =>
      void expect(fn).to.throw(OptionError, message).with.nested.property('details.field', 'weights');
    field(() => normalizeEnsembleWeights(2, [1]), /weights must be one weight per model \(2 numbers\), got \[1\]/);
    field(() => normalizeEnsembleWeights(2, [1, 0]), /weights must be numbers > 0, got \[1,0\]/);
    field(() => normalizeEnsembleWeights(2, [1, Number.NaN]), /weights must be numbers > 0/);
    field(() => normalizeEnsembleWeights(0), /at least one model/);
  });

  it('leaks no tensors (greedy, beam with n-best, LM fusion)', async () => {
    await expectNoLeak(async () => {
      const members = [
        { model: a, weight: 1 },
        { model: b, weight: 1 },
      ];
      await decodeEnsemble(members, SOURCES, { beamSize: 1, alignment: 'soft' });
      await decodeEnsemble(members, SOURCES, { beamSize: 4, nBest: 2, alignment: 'hard' });
      await decodeEnsemble(members, SOURCES, { beamSize: 3, lmWeight: 0.5, lm: lm.asLanguageModel() });
    });
  });
});
