/** Core invariants of greedy, sampling and beam search on toy models, on wasm and cpu. */
import { expect } from 'chai';
import { BeamSearch } from '../../lib/decode/beam-search.js';
import { decode } from '../../lib/decode/decode.js';
import { resolveDecodeOptions } from '../../lib/decode/options.js';
import { GreedySearch } from '../../lib/decode/greedy.js';
import { lengthPenalty, type LengthPenaltyName } from '../../lib/decode/length-penalty.js';
import { runDecode } from '../../lib/decode/run-decode.js';
import { scoreSequences } from '../../lib/decode/score.js';
import type { SearchConfig } from '../../lib/decode/search-config.js';
import { describeOnBackends, expectArraysClose, expectNoLeak } from '../helpers/tensors.js';
import { BATCH_INVARIANCE_REQUEST, decodeToy, expectBatchInvariant, runToy, scoreToy } from './helpers.js';
import { allSequences, HashTableModel } from './toy-models.js';

const SOURCES = [3, 7, 1, 5];
const MAX_LENGTH = 8;

function config(penalty: LengthPenaltyName, batchSize = SOURCES.length): SearchConfig {
  return {
    batchSize,
    maxLengths: new Array<number>(batchSize).fill(MAX_LENGTH),
    lengthPenalty: lengthPenalty(penalty, 0.6),
    collectAttention: false,
  };
}

describeOnBackends('decoding searches', () => {
  let model: HashTableModel;
  before(() => {
    model = new HashTableModel({ vocabSize: 6, seed: 7, sharpness: 1.5, eosBias: 0.5, attention: true });
  });
  after(() => model.dispose());

  for (const penalty of ['none', 'avg', 'wu'] as const) {
    it(`beam search with K = 1 equals greedy exactly (length penalty ${penalty})`, async () => {
      const greedy = await runToy(model, SOURCES, new GreedySearch(config(penalty)));
      const beam = await runToy(model, SOURCES, new BeamSearch({ ...config(penalty), beamSize: 1, nBest: 1 }));
      expect(beam).to.deep.equal(greedy);
      expect(greedy.every((list) => list.length === 1)).to.equal(true);
    });
  }

  it('top-k = 1 sampling equals greedy exactly', async () => {
    const greedy = await decodeToy(model, SOURCES, { beamSize: 1, maxLength: MAX_LENGTH });
    for (const seed of [1, 2]) {
      const sampled = await decodeToy(model, SOURCES, {
        sampling: true,
        topK: 1,
        beamSize: 1,
        seed,
        temperature: 0.7,
        maxLength: MAX_LENGTH,
      });
      expect(sampled).to.deep.equal(greedy);
    }
  });

  for (const [name, request] of [
    ['greedy', { beamSize: 1 }],
    ['beam', { beamSize: 4, nBest: 4, lengthPenalty: 'wu' }],
    ['sampling', { sampling: true, beamSize: 1, seed: 3 }],
  ] as const) {
    it(`each ${name} hypothesis's logProb equals its forced-decoding score (1e-4)`, async () => {
      const nBest = await decodeToy(model, SOURCES, { ...request, maxLength: MAX_LENGTH });
      const flat = nBest.flatMap((list, b) => list.map((h) => ({ h, source: SOURCES[b]! })));
      const forced = await scoreToy(
        model,
        flat.map((x) => x.source),
        flat.map((x) => x.h.tokens),
      );
      expectArraysClose(
        flat.map((x) => x.h.logProb),
        forced,
        1e-4,
      );
    });
  }

  for (const penalty of ['none', 'avg'] as const) {
    it(`beam search with a large K finds the exhaustive-search best (length penalty ${penalty})`, async () => {
      const small = new HashTableModel({ vocabSize: 5, seed: 11, sharpness: 1 });
      const maxLength = 4;
      const candidates = allSequences(5, maxLength);
      const lp = lengthPenalty(penalty, 0);
      try {
        for (const source of [2, 5]) {
          const forced = await scoreToy(small, new Array<number>(candidates.length).fill(source), candidates);
          const normalised = forced.map((s, i) => s / lp(candidates[i]!.length + 1));
          const best = normalised.indexOf(Math.max(...normalised));
          const [list] = await decodeToy(small, [source], {
            beamSize: 1024,
            nBest: 3,
            lengthPenalty: penalty,
            maxLength,
            maxLengthRatio: 0,
          });
          expect(list![0]!.tokens).to.deep.equal(candidates[best]);
          expect(list![0]!.score).to.be.closeTo(normalised[best]!, 1e-4);
          const sorted = [...normalised].sort((a, b) => b - a);
          expectArraysClose(
            list!.map((h) => h.score),
            sorted.slice(0, 3),
            1e-4,
          );
        }
      } finally {
        small.dispose();
      }
    });
  }

  it('batch invariance: a sentence decodes the same alone and in batches with other source lengths', async () => {
    await expectBatchInvariant((lengths) => decodeToy(model, lengths, BATCH_INVARIANCE_REQUEST), SOURCES);
  });

  it('n-best lists are sorted by score, distinct, and of length nBest', async () => {
    const nBest = await decodeToy(model, SOURCES, {
      beamSize: 6,
      nBest: 5,
      lengthPenalty: 'avg',
      maxLength: MAX_LENGTH,
    });
    for (const list of nBest) {
      expect(list).to.have.length(5);
      const scores = list.map((h) => h.score);
      expect(scores).to.deep.equal([...scores].sort((a, b) => b - a));
      expect(new Set(list.map((h) => h.tokens.join(' '))).size).to.equal(list.length);
    }
  });

  it('finished sentences leave the batch', async () => {
    model.stepRows.length = 0;
    const greedy = await decodeToy(model, SOURCES, { beamSize: 1, maxLength: MAX_LENGTH });
    const lengths = greedy.map((list) => list[0]!.tokens.length + 1);
    const expected = Array.from({ length: Math.max(...lengths) }, (_, t) => lengths.filter((l) => l > t).length);
    expect(model.stepRows).to.deep.equal(expected);
    model.stepRows.length = 0;
    await decodeToy(model, SOURCES, { beamSize: 3, maxLength: MAX_LENGTH });
    expect(model.stepRows[0]).to.equal(SOURCES.length);
    expect(model.stepRows.slice(1).every((n) => n % 3 === 0)).to.equal(true);
    expect(model.stepRows.at(-1)).to.be.lessThan(3 * SOURCES.length);
  });

  it('leaks no tensors (decode, selected states, LM fusion, scoring)', async () => {
    const lm = new HashTableModel({ vocabSize: 6, seed: 99 });
    try {
      await expectNoLeak(async () => {
        await decodeToy(model, SOURCES, { beamSize: 1, alignment: 'soft' });
        await decodeToy(model, SOURCES, {
          beamSize: 4,
          nBest: 2,
          noRepeatNgramSize: 2,
          banUnk: true,
          minLength: 2,
          alignment: 'hard',
        });
        await decodeToy(model, SOURCES, { sampling: true, beamSize: 1, topK: 3, topP: 0.9, temperature: 0.8 });
        await decodeToy(model, SOURCES, { beamSize: 3, lmWeight: 0.5, lm: lm.asLanguageModel() });
        await decodeToy(model, SOURCES, {
          beamSize: 3,
          nBest: 2,
          lmWeight: 0.5,
          lmRescore: true,
          lm: lm.asLanguageModel(),
        });
        await scoreToy(model, [2, 3], [[4, 5], []]);
      });
    } finally {
      lm.dispose();
    }
  });

  it("runDecode and scoreSequences leave the caller's initial state alive", async () => {
    const state = model.initialState([2]);
    try {
      await runDecode(model, state, new GreedySearch(config('none', 1)));
      const [score] = await scoreSequences(model, state, [[4]]);
      expect(score).to.be.lessThan(0);
      await decode(model, state, 1, resolveDecodeOptions({ beamSize: 2 }));
    } finally {
      model.disposeState(state);
    }
  });
});
