import { expect } from 'chai';
import { longLineSplitter } from '../../pipelines/long-line-splitter.js';

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

describe('pipelines/long-line-splitter', () => {
  const split = longLineSplitter(words, 4);

  it('keeps a line within the limit whole', () => {
    expect(split('One two three.')).to.deep.equal({ sentences: ['One two three.'], joiners: [] });
  });

  it('cuts an overlong line at sentence boundaries first, packing whole sentences', () => {
    expect(split('One two. Three four. Five six seven.')).to.deep.equal({
      sentences: ['One two. Three four.', 'Five six seven.'],
      joiners: [' '],
    });
  });

  it('cuts an overlong sentence between words; nothing is dropped and joining restores the line', () => {
    const line = 'a b c d e f g h i j';
    const { sentences, joiners } = split(line);
    expect(sentences.every((s) => words(s) <= 4)).to.equal(true);
    expect(sentences.map((s, i) => s + (joiners[i] ?? '')).join('')).to.equal(line);
  });

  it('an empty line stays one empty sentence', () => {
    expect(split('')).to.deep.equal({ sentences: [''], joiners: [] });
  });
});
