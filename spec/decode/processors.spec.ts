/** Step processors (special tokens, ban-unk, min/max length, no-repeat-ngram, LM fusion) and n-best rescoring with an LM. */
import { expect } from 'chai';
import { BeamSearch } from '../../lib/decode/beam-search.js';
import { lengthPenalty } from '../../lib/decode/length-penalty.js';
import { lmFusion } from '../../lib/decode/processors/lm-fusion.js';
import { repeatedNgramTokens } from '../../lib/decode/processors/no-repeat-ngram.js';
import { BOS_ID, PAD_ID, UNK_ID } from '../../lib/text/special-ids.js';
import { OptionError } from '../../lib/errors.js';
import { expectArraysClose } from '../helpers/tensors.js';
import { decodeToy, runToy, scoreToy } from './helpers.js';
import { HashTableModel } from './toy-models.js';

const SOURCES = [2, 6, 3];
const PREFERRED = 5;
/** Logit bonus that makes a toy model strongly prefer one token. */
const STRONG = 4;

describe('step processors', () => {
  let model: HashTableModel;
  before(() => {
    model = new HashTableModel({ vocabSize: 6, seed: 21, sharpness: 1.2 });
  });
  after(() => model.dispose());

  const all = (nBest: { tokens: number[] }[][]): number[] => nBest.flat().flatMap((h) => h.tokens);

  it('ban-unk: unk disappears from outputs that had it', async () => {
    const unkLover = new HashTableModel({ vocabSize: 6, seed: 21, prefer: { token: UNK_ID, bonus: 2 } });
    try {
      const request = { beamSize: 3, nBest: 3, maxLength: 6 } as const;
      expect(all(await decodeToy(unkLover, SOURCES, request))).to.include(UNK_ID);
      expect(all(await decodeToy(unkLover, SOURCES, { ...request, banUnk: true }))).to.not.include(UNK_ID);
    } finally {
      unkLover.dispose();
    }
  });

  for (const special of [PAD_ID, BOS_ID]) {
    it(`a search never outputs ${special === PAD_ID ? 'padding' : 'the sentence start'}, even from a model that prefers it`, async () => {
      const lover = new HashTableModel({ vocabSize: 6, seed: 21, prefer: { token: special, bonus: STRONG } });
      try {
        for (const request of [
          { beamSize: 4, nBest: 4 },
          { beamSize: 1 },
          { sampling: true, beamSize: 1, seed: 5 },
        ] as const) {
          const nBest = await decodeToy(lover, SOURCES, { ...request, maxLength: 6 });
          expect(all(nBest), JSON.stringify(request)).to.not.include(special);
        }
      } finally {
        lover.dispose();
      }
    });
  }

  it('min-length: no output shorter than m, even from a model that wants to stop at once', async () => {
    const quitter = new HashTableModel({ vocabSize: 6, seed: 3, eosBias: STRONG });
    try {
      const lengths = async (minLength: number, beamSize: number): Promise<number[]> =>
        (await decodeToy(quitter, SOURCES, { minLength, beamSize, nBest: beamSize, maxLength: 9 }))
          .flat()
          .map((h) => h.tokens.length);
      expect(Math.min(...(await lengths(0, 1)))).to.equal(0);
      for (const beamSize of [1, 3]) expect(Math.min(...(await lengths(4, beamSize)))).to.equal(4);
    } finally {
      quitter.dispose();
    }
  });

  it('max length, absolute and as a ratio of each source length: eos is forced there, never later', async () => {
    const talker = new HashTableModel({ vocabSize: 8, seed: 3, eosBias: -STRONG });
    try {
      for (const beamSize of [1, 3]) {
        const out = await decodeToy(talker, SOURCES, { beamSize, nBest: beamSize, maxLength: 5, maxLengthRatio: 1.5 });
        out.forEach((list, b) => {
          const cap = Math.min(5, Math.ceil(1.5 * SOURCES[b]!));
          for (const h of list) expect(h.tokens.length).to.be.at.most(cap);
          expect(list[0]!.tokens.length).to.equal(cap);
        });
        const noRatio = await decodeToy(talker, SOURCES, { beamSize, maxLength: 4, maxLengthRatio: 0 });
        expect(noRatio.map((l) => l[0]!.tokens.length)).to.deep.equal([4, 4, 4]);
      }
    } finally {
      talker.dispose();
    }
  });

  it('repeatedNgramTokens lists the tokens that would repeat an n-gram', () => {
    expect(repeatedNgramTokens([4, 5, 4], 2)).to.deep.equal([5]);
    expect(repeatedNgramTokens([4, 5, 4, 6, 4], 2).sort()).to.deep.equal([5, 6]);
    expect(repeatedNgramTokens([4, 5, 6, 4, 5], 3)).to.deep.equal([6]);
    expect(repeatedNgramTokens([4, 4], 1)).to.deep.equal([4]);
    expect(repeatedNgramTokens([4], 3)).to.deep.equal([]);
  });

  it('no-repeat-ngram: no n-gram occurs twice in an output', async () => {
    const parrot = new HashTableModel({
      vocabSize: 6,
      seed: 8,
      eosBias: -2,
      prefer: { token: PREFERRED, bonus: STRONG },
    });
    const repeats = (tokens: number[], n: number): boolean => {
      const grams = tokens.slice(0, tokens.length - n + 1).map((_, i) => tokens.slice(i, i + n).join(' '));
      return new Set(grams).size < grams.length;
    };
    try {
      const request = { beamSize: 3, nBest: 3, maxLength: 8 } as const;
      expect((await decodeToy(parrot, SOURCES, request)).flat().some((h) => repeats(h.tokens, 2))).to.equal(true);
      for (const n of [1, 2, 3]) {
        const out = (await decodeToy(parrot, SOURCES, { ...request, noRepeatNgramSize: n })).flat();
        expect(out.length).to.be.greaterThan(0);
        for (const h of out) expect(repeats(h.tokens, n), h.tokens.join(' ')).to.equal(false);
      }
    } finally {
      parrot.dispose();
    }
  });

  describe('LM shallow fusion', () => {
    let lm: HashTableModel;
    let fan: HashTableModel;
    before(() => {
      lm = new HashTableModel({ vocabSize: 6, seed: 77 });
      fan = new HashTableModel({ vocabSize: 6, seed: 78, prefer: { token: PREFERRED, bonus: STRONG } });
    });
    after(() => {
      lm.dispose();
      fan.dispose();
    });

    it('λ = 0 equals no fusion, with the LM processor running', async () => {
      const config = {
        batchSize: SOURCES.length,
        maxLengths: [7, 7, 7],
        lengthPenalty: lengthPenalty('avg', 0),
        collectAttention: false,
        beamSize: 4,
        nBest: 4,
      };
      const plain = await runToy(model, SOURCES, new BeamSearch(config));
      const processor = lmFusion(lm.asLanguageModel(), 0, SOURCES.length, 6);
      try {
        expect(await runToy(model, SOURCES, new BeamSearch(config), [processor])).to.deep.equal(plain);
      } finally {
        processor.dispose?.();
      }
      expect(await decodeToy(model, SOURCES, { beamSize: 4, lm: lm.asLanguageModel(), lmWeight: 0 })).to.deep.equal(
        await decodeToy(model, SOURCES, { beamSize: 4 }),
      );
    });

    it('score = log p_model + λ · log p_LM for every hypothesis (the LM state follows the beam)', async () => {
      const weight = 0.7;
      const out = await decodeToy(model, SOURCES, {
        beamSize: 4,
        nBest: 4,
        lengthPenalty: 'none',
        lm: lm.asLanguageModel(),
        lmWeight: weight,
        maxLength: 7,
      });
      const flat = out.flatMap((list, b) => list.map((h) => ({ h, source: SOURCES[b]! })));
      const modelScores = await scoreToy(
        model,
        flat.map((x) => x.source),
        flat.map((x) => x.h.tokens),
      );
      const lmScores = await scoreToy(
        lm,
        flat.map(() => 0),
        flat.map((x) => x.h.tokens),
      );
      expectArraysClose(
        flat.map((x) => x.h.logProb),
        modelScores,
        1e-4,
      );
      expectArraysClose(
        flat.map((x) => x.h.score),
        modelScores.map((s, i) => s + weight * lmScores[i]!),
        1e-4,
      );
    });

    it('λ > 0 with an LM that prefers a token moves the outputs toward it', async () => {
      const share = (nBest: { tokens: number[] }[][]): number =>
        all(nBest).filter((t) => t === PREFERRED).length / Math.max(1, all(nBest).length);
      for (const beamSize of [1, 4]) {
        const request = { beamSize, maxLength: 8 } as const;
        const base = share(await decodeToy(model, SOURCES, request));
        const fused = share(await decodeToy(model, SOURCES, { ...request, lm: fan.asLanguageModel(), lmWeight: 1 }));
        expect(fused).to.be.greaterThan(base);
      }
    });

    it('rejects an LM with another vocabulary, and lmWeight > 0 without an LM', async () => {
      const other = new HashTableModel({ vocabSize: 7, seed: 1 });
      try {
        let error: unknown;
        await decodeToy(model, SOURCES, { lm: other.asLanguageModel(), lmWeight: 1 }).catch(
          (e: unknown) => (error = e),
        );
        expect(error).to.have.property('code', 'E_SHAPE');
        error = undefined;
        await decodeToy(model, SOURCES, { lmWeight: 1 }).catch((e: unknown) => (error = e));
        expect(error).to.be.instanceOf(OptionError).and.to.have.property('code', 'E_OPTION_INVALID');
        expect((error as OptionError).details['field']).to.equal('lmWeight');
      } finally {
        other.dispose();
      }
    });
  });

  it('n-best rescoring adds λ · log p_LM(y) (eos included) to each finished hypothesis and re-ranks', async () => {
    const lm = new HashTableModel({ vocabSize: 6, seed: 79 });
    try {
      const weight = 2;
      const request = { beamSize: 5, nBest: 5, lengthPenalty: 'avg', maxLength: 7 } as const;
      const plain = await decodeToy(model, SOURCES, request);
      const rescored = await decodeToy(model, SOURCES, {
        ...request,
        lm: lm.asLanguageModel(),
        lmWeight: weight,
        lmRescore: true,
      });
      for (const [b, list] of rescored.entries()) {
        const lmScores = await scoreToy(
          lm,
          list.map(() => 0),
          list.map((h) => h.tokens),
        );
        list.forEach((h, i) => {
          const original = plain[b]!.find((p) => p.tokens.join() === h.tokens.join())!;
          expect(h.score).to.be.closeTo(original.score + weight * lmScores[i]!, 1e-4);
        });
        expect(list.map((h) => h.score)).to.deep.equal(list.map((h) => h.score).sort((x, y) => y - x));
      }
      const top = await decodeToy(model, SOURCES, {
        ...request,
        nBest: 1,
        lm: lm.asLanguageModel(),
        lmWeight: weight,
        lmRescore: true,
      });
      expect(top.map((l) => l[0])).to.deep.equal(rescored.map((l) => l[0]));
    } finally {
      lm.dispose();
    }
  });
});
