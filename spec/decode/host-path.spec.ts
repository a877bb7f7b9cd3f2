/**
 * The host path of the decoding driver (lib/decode/host-scores.ts): a model that offers `stepHost` is searched on
 * the host, and every choice must equal the tensor path's — ties and float32 rounding of the running totals included.
 */
import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import { decode, type DecodeInputs } from '../../lib/decode/decode.js';
import { resolveDecodeOptions, type DecodeOptions } from '../../lib/decode/options.js';
import type { Hypothesis } from '../../lib/decode/hypothesis.js';
import { rowArgmax, rowTopK } from '../../lib/decode/host-scores.js';
import { scoreSequences } from '../../lib/decode/score.js';
import type { HostStepOutput, StepModel, StepOutput } from '../../lib/decode/step-model.js';
import { Rng } from '../../lib/util/random.js';
import { describeOnBackends, expectNoLeak } from '../helpers/tensors.js';
import { HashTableModel, type ToyState } from './toy-models.js';

/** The toy model with host outputs: `stepHost` reads `step`'s tensors back (as an ONNX Runtime engine returns them). */
class HostToyModel implements StepModel<ToyState> {
  hostSteps = 0;
  constructor(private readonly toy: HashTableModel) {}
  get vocabSize(): number {
    return this.toy.vocabSize;
  }
  step(state: ToyState, tokens: tf.Tensor1D): StepOutput<ToyState> {
    return this.toy.step(state, tokens);
  }
  async stepHost(state: ToyState, tokens: tf.Tensor1D): Promise<HostStepOutput<ToyState>> {
    this.hostSteps++;
    const out = this.toy.step(state, tokens);
    const logProbs = (await out.logProbs.data()) as Float32Array;
    const attention = out.attention
      ? { data: (await out.attention.data()) as Float32Array, width: out.attention.shape[1] }
      : undefined;
    tf.dispose([out.logProbs, ...(out.attention ? [out.attention] : [])]);
    return attention ? { logProbs, state: out.state, attention } : { logProbs, state: out.state };
  }
  select(state: ToyState, rows: tf.Tensor1D): ToyState {
    return this.toy.select(state, rows);
  }
  disposeState(state: ToyState): void {
    this.toy.disposeState(state);
  }
}

const SOURCES = [3, 7, 1, 5, 2];

async function run<L>(
  model: StepModel<ToyState>,
  toy: HashTableModel,
  request: Partial<DecodeOptions> & Pick<DecodeInputs<L>, 'lm'>,
): Promise<Hypothesis[][]> {
  const { lm, ...options } = request;
  const state = toy.initialState(SOURCES);
  try {
    return await decode(model, state, SOURCES.length, resolveDecodeOptions(options), { sourceLengths: SOURCES, lm });
  } finally {
    toy.disposeState(state);
  }
}

const REQUESTS: Array<[string, Partial<DecodeOptions>]> = [
  ['greedy', { beamSize: 1, maxLength: 8 }],
  [
    'greedy, min length 3, ban unk, alignments',
    { beamSize: 1, maxLength: 8, minLength: 3, banUnk: true, alignment: 'soft' },
  ],
  ['beam 4, n-best 4, wu', { beamSize: 4, nBest: 4, lengthPenalty: 'wu', maxLength: 8 }],
  [
    'beam 3, no repeated bigrams, min length 2, ban unk, alignments',
    { beamSize: 3, nBest: 2, noRepeatNgramSize: 2, minLength: 2, banUnk: true, maxLength: 7, alignment: 'soft' },
  ],
  ['beam 5 wider than the vocabulary after eos', { beamSize: 5, nBest: 5, maxLength: 4 }],
];

describeOnBackends('decoding on the host path', () => {
  // peaky, flat (every token ties: sharpness 0) and coarse (few distinct values) distributions
  const toys = {
    peaky: (): HashTableModel =>
      new HashTableModel({ vocabSize: 7, seed: 7, sharpness: 1.5, eosBias: 0.5, attention: true }),
    flat: (): HashTableModel =>
      new HashTableModel({ vocabSize: 6, seed: 3, sharpness: 0, eosBias: -0.5, attention: true }),
    wide: (): HashTableModel =>
      new HashTableModel({ vocabSize: 40, seed: 11, sharpness: 3, eosBias: 1, attention: true }),
  };
  for (const [toyName, make] of Object.entries(toys)) {
    for (const [name, request] of REQUESTS) {
      it(`${toyName} model, ${name}: the same hypotheses as the tensor path`, async () => {
        const toy = make();
        try {
          const host = new HostToyModel(toy);
          const expected = await run(toy, toy, request);
          const actual = await expectNoLeak(() => run(host, toy, request));
          expect(host.hostSteps).to.be.greaterThan(0);
          expect(actual).to.deep.equal(expected);
        } finally {
          toy.dispose();
        }
      });
    }
  }

  it('takes the tensor path for sampling and LM fusion (no host form), with the same results', async () => {
    const toy = toys.peaky();
    const lmToy = new HashTableModel({ vocabSize: 7, seed: 9 });
    try {
      const host = new HostToyModel(toy);
      for (const request of [
        { sampling: true, beamSize: 1, seed: 4, maxLength: 6 },
        { beamSize: 3, lmWeight: 0.4, maxLength: 6, lm: lmToy.asLanguageModel() },
      ]) {
        expect(await run(host, toy, request)).to.deep.equal(await run(toy, toy, request));
      }
      expect(host.hostSteps).to.equal(0);
    } finally {
      toy.dispose();
      lmToy.dispose();
    }
  });

  it("forced decoding (scoreSequences) on the host gives the tensor path's float32 sums exactly", async () => {
    const toy = toys.wide();
    try {
      const host = new HostToyModel(toy);
      const rng = new Rng(2);
      const targets = SOURCES.map((s) => Array.from({ length: s + 1 }, () => 3 + Math.floor(rng.next() * 37)));
      const score = async (model: StepModel<ToyState>): Promise<number[]> => {
        const state = toy.initialState(SOURCES);
        try {
          return await scoreSequences(model, state, targets);
        } finally {
          toy.disposeState(state);
        }
      };
      const expected = await score(toy);
      expect(await expectNoLeak(() => score(host))).to.deep.equal(expected);
      expect(host.hostSteps).to.equal(Math.max(...targets.map((t) => t.length)) + 1);
    } finally {
      toy.dispose();
    }
  });

  it('rowTopK and rowArgmax rank float32 totals as tf.topk and tf.argMax do, ties and rounding included', () => {
    const rng = new Rng(5);
    const V = 300;
    const k = 12;
    for (const offset of [0, -3.25, -1e4, 3e7]) {
      // coarse values: many exact ties, and with a large offset many distinct scores that round to the same total
      const scores = Float32Array.from({ length: 2 * V }, () =>
        rng.next() < 0.05 ? -Infinity : Math.round(rng.normal() * 8) / 8 + rng.next() * 1e-6,
      );
      for (const row of [0, 1]) {
        const values = new Float32Array(k);
        const ids = new Int32Array(k);
        rowTopK(scores, V, row, offset, k, values, ids);
        const [expectedValues, expectedIds, expectedArgmax] = tf.tidy(() => {
          const total = tf.tensor1d(scores.subarray(row * V, (row + 1) * V)).add(tf.scalar(offset));
          const top = tf.topk(total, k);
          return [top.values.dataSync(), top.indices.dataSync(), tf.argMax(total).dataSync()[0]!];
        }) as [Float32Array, Int32Array, number];
        expect(Array.from(values)).to.deep.equal(Array.from(expectedValues));
        expect(Array.from(ids)).to.deep.equal(Array.from(expectedIds));
        const best = rowArgmax(scores, V, row, offset);
        expect(best.id).to.equal(expectedArgmax);
        expect(best.total).to.equal(expectedValues[0]);
      }
    }
  });
});
