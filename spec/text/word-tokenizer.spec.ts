import { expect } from 'chai';
import { WordTokenizer } from '../../lib/text/word-tokenizer.js';
import { loadTokenizer } from '../../lib/text/load-tokenizer.js';
import { DataError } from '../../lib/errors.js';

describe('WordTokenizer', () => {
  const texts = ['the cat sat', 'the dog sat', 'a cat', 'zebra'];

  it('sorts by frequency, ties by code-unit order, after the 4 special ids', () => {
    const t = WordTokenizer.fromTexts(texts);
    expect(t.words).to.deep.equal(['cat', 'sat', 'the', 'a', 'dog', 'zebra']);
    expect(t.vocabSize).to.equal(10);
    expect(t.encode('the cat')).to.deep.equal([6, 4]);
  });

  it('honours maxSize and minCount', () => {
    expect(WordTokenizer.fromTexts(texts, { maxSize: 6 }).words).to.deep.equal(['cat', 'sat']);
    expect(WordTokenizer.fromTexts(texts, { minCount: 2 }).words).to.deep.equal(['cat', 'sat', 'the']);
  });

  it('maps unknown words to unk (1) and decodes with single spaces, skipping pad/bos/eos', () => {
    const t = WordTokenizer.fromTexts(texts);
    expect(t.encode('  the   unicorn\tsat ')).to.deep.equal([6, 1, 5]);
    expect(t.encodePieces('the unicorn')).to.deep.equal(['the', '<unk>']);
    expect(t.decode([2, 6, 1, 5, 3, 0])).to.equal('the <unk> sat');
    expect(t.encode('')).to.deep.equal([]);
    expect(() => t.idToPiece(99)).to.throw(DataError);
  });

  it('serialize → loadTokenizer rebuilds the same vocabulary', async () => {
    const t = WordTokenizer.fromTexts(texts);
    const again = await loadTokenizer('words', t.serialize());
    expect(again.kind).to.equal('words');
    expect(again.encode('a zebra sat')).to.deep.equal(t.encode('a zebra sat'));
    expect(again.vocabSize).to.equal(t.vocabSize);
  });

  it('rejects foreign bytes with a DataError', async () => {
    let caught: unknown;
    try {
      await loadTokenizer('words', new TextEncoder().encode('{"format":"other"}'));
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(DataError);
  });
});
