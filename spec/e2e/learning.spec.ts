import { expect } from 'chai';
import { trainSynthetic } from '../../scripts/experiments/train-synthetic.js';

describe('end-to-end learning (wasm, small attention models)', function () {
  this.timeout(600_000);

  it('reverse task (20 symbols, lengths 3–12): ≥ 98% exact-match greedy accuracy on 500 fresh sequences', async () => {
    const run = await trainSynthetic('reverse', { train: 20000, test: 500, steps: 700 });
    expect(run.accuracy).to.be.at.least(0.98);
  });

  it('date normalisation ("3rd of March 1999" → "1 9 9 9 - 0 3 - 0 3"): ≥ 98% exact match on 500 fresh dates', async () => {
    const run = await trainSynthetic('dates', { train: 20000, test: 500, steps: 700 });
    expect(run.accuracy).to.be.at.least(0.98);
  });
});
