/** Attention output per hypothesis, hard alignments and the SVG heatmap. */
import { expect } from 'chai';
import { formatAlignment, hardAlignment } from '../../lib/decode/alignment.js';
import { attentionSvg } from '../../lib/decode/attention-svg.js';
import { BeamSearch } from '../../lib/decode/beam-search.js';
import { GreedySearch } from '../../lib/decode/greedy.js';
import { noPenalty } from '../../lib/decode/length-penalty.js';
import { expectArraysClose } from '../helpers/tensors.js';
import { decodeToy, runToy } from './helpers.js';
import { HashTableModel } from './toy-models.js';

const SOURCES = [3, 9, 1];

describe('alignments', () => {
  let model: HashTableModel;
  before(() => {
    model = new HashTableModel({ vocabSize: 6, seed: 4, attention: true });
  });
  after(() => model.dispose());

  for (const beamSize of [1, 4]) {
    it(`each hypothesis carries attention [T][S]: one row per token and eos, cut to its source, rows sum to 1 (K = ${beamSize})`, async () => {
      const out = await decodeToy(model, SOURCES, { beamSize, nBest: beamSize, alignment: 'soft', maxLength: 6 });
      out.forEach((list, b) => {
        for (const h of list) {
          expect(h.attention).to.have.length(h.tokens.length + 1);
          for (const row of h.attention!) {
            expect(row).to.have.length(SOURCES[b]!);
            expect(row.reduce((a, x) => a + x, 0)).to.be.closeTo(1, 1e-5);
          }
        }
      });
      const none = await decodeToy(model, SOURCES, { beamSize, alignment: 'none', maxLength: 6 });
      expect(none.flat().every((h) => h.attention === undefined)).to.equal(true);
    });
  }

  it('beam search with K = 1 reports the same attention as greedy', async () => {
    const config = {
      batchSize: 3,
      maxLengths: [6, 6, 6],
      lengthPenalty: noPenalty,
      collectAttention: true,
      sourceLengths: SOURCES,
    };
    const greedy = await runToy(model, SOURCES, new GreedySearch(config));
    const beam = await runToy(model, SOURCES, new BeamSearch({ ...config, beamSize: 1, nBest: 1 }));
    greedy.forEach((list, b) => expectArraysClose(beam[b]![0]!.attention!.flat(), list[0]!.attention!.flat(), 0));
  });

  it('hard alignment takes the argmax per target step', () => {
    const hard = hardAlignment([
      [0.1, 0.7, 0.2],
      [0.5, 0.2, 0.3],
      [0.2, 0.2, 0.6],
      [0.4, 0.4, 0.2],
    ]);
    expect(hard).to.deep.equal([1, 0, 2, 0]);
    expect(formatAlignment(hard)).to.equal('1-0 0-1 2-2 0-3');
    expect(hardAlignment([])).to.deep.equal([]);
  });

  it('the SVG heatmap has a cell per (target, source) pair, escapes pieces, and is one document', () => {
    const svg = attentionSvg({
      source: ['▁le', '<unk>', 'chat'],
      target: ['▁the', 'cat', '</s>'],
      attention: [
        [0.9, 0.1, 0],
        [0, 0.2, 0.8],
        [0.3, 0.3, 0.4],
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(svg.trimEnd().endsWith('</svg>')).to.equal(true);
    expect(svg.match(/<rect x=/g)).to.have.length(9);
    expect(svg).to.include('&lt;unk&gt;').and.not.include('<unk>');
    expect(svg).to.include('fill-opacity="0.800"');
    expect(svg).to.include('cat → chat: 0.800');
  });
});
