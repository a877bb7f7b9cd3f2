/** Sampling: reproducible by seed; token frequencies follow the (temperature / top-k / top-p shaped) distribution. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { maskTopP } from '../../lib/decode/sampling.js';
import { BOS_ID, EOS_ID, PAD_ID } from '../../lib/text/special-ids.js';
import { expectNoLeak } from '../helpers/tensors.js';
import { decodeToy } from './helpers.js';
import { HashTableModel } from './toy-models.js';

/** Samples of the first step: one per sentence. */
const SAMPLES = 6000;
/** χ² critical values at significance 0.001, by degrees of freedom. */
const CHI_SQUARE_CRITICAL_0_001: Record<number, number> = { 1: 10.828, 2: 13.816, 3: 16.266, 4: 18.467, 5: 20.515 };
const SOURCE = 4;

/** First tokens of SAMPLES sampled outputs (eos when the output is empty), counted per id. */
async function firstTokenCounts(model: HashTableModel, request: Record<string, number | boolean>): Promise<number[]> {
  const out = await decodeToy(model, new Array<number>(SAMPLES).fill(SOURCE), {
    sampling: true,
    beamSize: 1,
    maxLength: 1,
    ...request,
  });
  const counts = new Array<number>(model.vocabSize).fill(0);
  for (const [h] of out) counts[h!.tokens[0] ?? EOS_ID]!++;
  return counts;
}

/** Pearson's χ² = Σ (O − E)² / E over the ids with expected count > 0; asserts observed = 0 elsewhere. */
function chiSquare(counts: readonly number[], probs: readonly number[]): { statistic: number; dof: number } {
  let statistic = 0;
  let cells = 0;
  counts.forEach((observed, i) => {
    const expected = SAMPLES * probs[i]!;
    if (expected === 0) return expect(observed, `count of excluded token ${i}`).to.equal(0);
    statistic += (observed - expected) ** 2 / expected;
    cells++;
  });
  return { statistic, dof: cells - 1 };
}

function normalise(weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / sum);
}

describe('sampling', () => {
  let model: HashTableModel;
  before(() => {
    model = new HashTableModel({ vocabSize: 6, seed: 5, sharpness: 0.8 });
  });
  after(() => model.dispose());

  it('is reproducible with a seed, and another seed gives other samples', async () => {
    const sources = [1, 2, 3, 4, 5, 6, 7, 8];
    const request = { sampling: true, beamSize: 1, topP: 0.95, temperature: 1.3, maxLength: 10 } as const;
    const a = await decodeToy(model, sources, { ...request, seed: 42 });
    const b = await decodeToy(model, sources, { ...request, seed: 42 });
    const c = await decodeToy(model, sources, { ...request, seed: 43 });
    expect(a).to.deep.equal(b);
    expect(c).to.not.deep.equal(a);
  });

  // the search never outputs padding or the sentence start: the model's distribution without them
  const probs = (): number[] =>
    normalise(model.firstStepProbs(SOURCE).map((p, id) => (id === PAD_ID || id === BOS_ID ? 0 : p)));
  const cases: [string, Record<string, number | boolean>, () => number[]][] = [
    ['the model distribution', {}, probs],
    ['temperature 0.5: p^2 renormalised', { temperature: 0.5 }, () => normalise(probs().map((p) => p * p))],
    [
      'top-k = 3: the 3 most likely, renormalised',
      { topK: 3 },
      () => {
        const p = probs();
        const third = [...p].sort((x, y) => y - x)[2]!;
        return normalise(p.map((x) => (x >= third ? x : 0)));
      },
    ],
    [
      'top-p = 0.8: the nucleus, renormalised',
      { topP: 0.8 },
      () => {
        const p = probs();
        const order = p.map((x, i) => [x, i] as const).sort((x, y) => y[0] - x[0]);
        const keep = new Set<number>();
        let before = 0;
        for (const [x, i] of order) {
          if (before >= 0.8) continue;
          keep.add(i);
          before += x;
        }
        return normalise(p.map((x, i) => (keep.has(i) ? x : 0)));
      },
    ],
  ];
  for (const [name, request, expected] of cases) {
    it(`first-token frequencies match ${name} (χ², significance 0.001)`, async () => {
      const counts = await firstTokenCounts(model, { seed: 7, ...request });
      const { statistic, dof } = chiSquare(counts, expected());
      expect(dof).to.be.greaterThan(0);
      expect(statistic, `χ² with ${dof} degrees of freedom; counts ${counts}`).to.be.lessThan(
        CHI_SQUARE_CRITICAL_0_001[dof]!,
      );
    });
  }

  it('maskTopP keeps the smallest most-likely set reaching p', async () => {
    const kept = (p: number): boolean[] =>
      Array.from(
        tf.tidy(() =>
          maskTopP(tf.log(tf.tensor2d([[0.05, 0.5, 0.15, 0.3]])) as tf.Tensor2D, p)
            .isFinite()
            .dataSync(),
        ),
      ).map(Boolean);
    await expectNoLeak(() => {
      expect(kept(0.4)).to.deep.equal([false, true, false, false]);
      expect(kept(0.7)).to.deep.equal([false, true, false, true]);
      expect(kept(0.81)).to.deep.equal([false, true, true, true]);
      expect(kept(1)).to.deep.equal([true, true, true, true]);
    });
  });

  it('the χ² test has power: the samples are rejected against a uniform distribution', async () => {
    const counts = await firstTokenCounts(model, { seed: 7 });
    const { statistic, dof } = chiSquare(counts, new Array<number>(model.vocabSize).fill(1 / model.vocabSize));
    expect(statistic).to.be.greaterThan(CHI_SQUARE_CRITICAL_0_001[dof]!);
  });
});
