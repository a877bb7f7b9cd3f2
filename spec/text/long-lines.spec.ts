/** Overlong lines: no stack overflow on huge lines, linear work on a long word without spaces, nothing dropped. */
import { expect } from 'chai';
import { joinLongLine, splitLongLine } from '../../lib/text/long-lines.js';

const wordCount = (text: string): number => text.split(/\s+/u).filter(Boolean).length;

describe('splitLongLine on hostile lines', () => {
  it('a line of 130,000 words is split into pieces and joins back to the same line (no stack overflow)', () => {
    const words = Array.from({ length: 130_000 }, (_, i) => `w${i % 97}`);
    const line = words.join(' ');
    const split = splitLongLine(line, { maxTokens: 128, countTokens: wordCount });
    expect(split.pieces.length).to.equal(Math.ceil(130_000 / 128));
    expect(joinLongLine(split, split.pieces)).to.equal(line);
  });

  it('a 200,000-character word is cut with O(n log n) characters counted, not O(n²)', () => {
    const word = 'abcdefghij'.repeat(20_000);
    let counted = 0;
    // one token per 4 characters, like a subword tokenizer
    const countTokens = (text: string): number => {
      counted += text.length;
      return Math.ceil(text.length / 4);
    };
    const split = splitLongLine(word, { maxTokens: 128, countTokens });
    expect(split.pieces.join('')).to.equal(word);
    for (const p of split.pieces) expect(Math.ceil(p.length / 4)).to.be.at.most(128);
    // n log2 n ≈ 3.5e6 characters; the quadratic search counted ~1.6e9
    expect(counted).to.be.below(40 * word.length);
  });
});
