/** Token-budget batching, seeded shuffling, curriculum order and padding, as tables. */
import { expect } from 'chai';
import fc from 'fast-check';
import { Rng } from '../../lib/util/random.js';
import { curriculumOrder, epochBatchOrder, makeBatches, shuffleBatches } from '../../lib/train/batching.js';
import { padRows } from '../../lib/data/padding.js';

const longest = (batch: readonly number[], lengths: readonly number[]): number =>
  Math.max(...batch.map((i) => lengths[i]!));

function expectValid(batches: number[][], lengths: number[], maxTokens: number, maxSentences: number): void {
  const seen = batches.flat().sort((a, b) => a - b);
  expect(seen, 'every example exactly once').to.deep.equal(lengths.map((_, i) => i));
  for (const b of batches) {
    expect(b.length).to.be.within(1, maxSentences);
    if (b.length > 1) expect(b.length * longest(b, lengths), `batch [${b}] within budget`).to.be.at.most(maxTokens);
  }
}

describe('batching', function () {
  const table: Array<{
    name: string;
    lengths: number[];
    maxTokens: number;
    maxSentences: number;
    expected: number[][];
  }> = [
    {
      name: 'global sort, budget cuts',
      lengths: [5, 1, 3, 2, 4],
      maxTokens: 6,
      maxSentences: 10,
      expected: [[1, 3], [2], [4], [0]],
    },
    {
      name: 'sentence cap cuts',
      lengths: [1, 1, 1, 1, 1],
      maxTokens: 100,
      maxSentences: 2,
      expected: [[0, 1], [2, 3], [4]],
    },
    {
      name: 'an example over budget gets its own batch',
      lengths: [2, 9, 2],
      maxTokens: 4,
      maxSentences: 8,
      expected: [[0, 2], [1]],
    },
    {
      name: 'ties keep corpus order',
      lengths: [2, 2, 2, 2],
      maxTokens: 4,
      maxSentences: 8,
      expected: [
        [0, 1],
        [2, 3],
      ],
    },
    { name: 'empty corpus', lengths: [], maxTokens: 4, maxSentences: 8, expected: [] },
  ];
  for (const { name, lengths, maxTokens, maxSentences, expected } of table) {
    it(`makeBatches without rng: ${name}`, function () {
      const batches = makeBatches(lengths, { maxTokens, maxSentences });
      expect(batches).to.deep.equal(expected);
    });
  }

  it('sort window: only examples of the same window share a batch', function () {
    const lengths = [4, 3, 2, 1, 4, 3, 2, 1];
    const batches = makeBatches(lengths, { maxTokens: 100, maxSentences: 100, sortWindow: 4 });
    expect(batches).to.deep.equal([
      [3, 2, 1, 0],
      [7, 6, 5, 4],
    ]);
  });

  it('property: budget respected, every example exactly once, same seed → same batches', function () {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer(),
        (lengths, maxTokens, maxSentences, sortWindow, seed) => {
          const a = makeBatches(lengths, { maxTokens, maxSentences, sortWindow }, new Rng(seed));
          expectValid(a, lengths, maxTokens, maxSentences);
          expect(makeBatches(lengths, { maxTokens, maxSentences, sortWindow }, new Rng(seed))).to.deep.equal(a);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('seeded shuffles: same seed same order, other seed other order, rng advanced', function () {
    const lengths = Array.from({ length: 60 }, (_, i) => 1 + (i % 7));
    const one = epochBatchOrder(lengths, 2, new Rng(1), { maxTokens: 20, maxSentences: 8 });
    const again = epochBatchOrder(lengths, 2, new Rng(1), { maxTokens: 20, maxSentences: 8 });
    const other = epochBatchOrder(lengths, 2, new Rng(2), { maxTokens: 20, maxSentences: 8 });
    expect(again).to.deep.equal(one);
    expect(other).to.not.deep.equal(one);
    expectValid(one, lengths, 20, 8);
    const rng = new Rng(1);
    const first = epochBatchOrder(lengths, 2, rng, { maxTokens: 20, maxSentences: 8 });
    const second = epochBatchOrder(lengths, 3, rng, { maxTokens: 20, maxSentences: 8 });
    expect(second, 'the next epoch draws a new order').to.not.deep.equal(first);
    const batches = [[0], [1], [2], [3], [4], [5]];
    expect(shuffleBatches(batches, new Rng(4))).to.have.members(batches);
    expect(batches, 'input not mutated').to.deep.equal([[0], [1], [2], [3], [4], [5]]);
  });

  it('curriculum: epoch 1 shortest-first, later epochs shuffled', function () {
    const lengths = Array.from({ length: 40 }, (_, i) => 1 + ((i * 7) % 13));
    const options = { maxTokens: 16, maxSentences: 4, curriculum: true };
    const epoch1 = epochBatchOrder(lengths, 1, new Rng(9), options);
    const maxima = epoch1.map((b) => longest(b, lengths));
    expect(maxima).to.deep.equal([...maxima].sort((a, b) => a - b));
    expectValid(epoch1, lengths, 16, 4);
    const epoch2 = epochBatchOrder(lengths, 2, new Rng(9), options);
    const maxima2 = epoch2.map((b) => longest(b, lengths));
    expect(maxima2).to.not.deep.equal([...maxima2].sort((a, b) => a - b));
    expect(curriculumOrder([[0, 1], [2], [3, 4, 5]], [3, 3, 1, 3, 1, 1])).to.deep.equal([[2], [3, 4, 5], [0, 1]]);
  });

  it('rejects budgets below 1 with E_TRAIN_OPTION', function () {
    expect(() => makeBatches([1, 2], { maxTokens: 0 }))
      .to.throw(/maxTokens must be ≥ 1, got 0/)
      .with.property('code', 'E_TRAIN_OPTION');
  });
});

describe('padRows', function () {
  const table: Array<{
    rows: number[][];
    options?: { minLength?: number; padId?: number };
    ids: number[];
    mask: number[];
    shape: [number, number];
  }> = [
    { rows: [[5, 6, 7], [8]], ids: [5, 6, 7, 8, 0, 0], mask: [1, 1, 1, 1, 0, 0], shape: [2, 3] },
    { rows: [[5], []], ids: [5, 0], mask: [1, 0], shape: [2, 1] },
    { rows: [[5]], options: { minLength: 3, padId: 9 }, ids: [5, 9, 9], mask: [1, 0, 0], shape: [1, 3] },
    { rows: [], ids: [], mask: [], shape: [0, 1] },
  ];
  for (const { rows, options, ids, mask, shape } of table) {
    it(`${JSON.stringify(rows)} ${JSON.stringify(options ?? {})} → [${shape}]`, function () {
      const p = padRows(rows, options);
      expect(p.ids).to.be.instanceOf(Int32Array);
      expect(p.validMask).to.be.instanceOf(Float32Array);
      expect(Array.from(p.ids)).to.deep.equal(ids);
      expect(Array.from(p.validMask)).to.deep.equal(mask);
      expect(p.shape).to.deep.equal(shape);
      expect(p.lengths).to.deep.equal(rows.map((r) => r.length));
    });
  }
});
