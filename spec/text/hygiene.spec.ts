import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { readLines, readFileLines, type TextLine } from '../../lib/text/line-reader.js';
import { scanUtf8, decodeUtf8 } from '../../lib/text/utf8.js';
import { cleanText } from '../../lib/text/clean-text.js';
import { splitLongLine, joinLongLine } from '../../lib/text/long-lines.js';
import { SentencePieceTokenizer } from '../../lib/text/sentencepiece-tokenizer.js';
import { TEXT_FIXTURES, BIBLE_8K } from './paths.js';

async function collect(source: AsyncIterable<TextLine>): Promise<TextLine[]> {
  const out: TextLine[] = [];
  for await (const line of source) out.push(line);
  return out;
}

const fixture = (name: string): string => join(TEXT_FIXTURES, name);

/** Feeds `bytes` in chunks of `size` bytes. */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('text hygiene', () => {
  describe('fixtures', () => {
    it('invalid-utf8.txt: invalid sequences become U+FFFD, counted per line, never a crash', async () => {
      const lines = await collect(readFileLines(fixture('invalid-utf8.txt')));
      expect(lines.map((l) => l.replacements)).to.deep.equal([1, 2, 2, 3, 1, 0]);
      expect(lines.map((l) => l.invalidBytes)).to.deep.equal([1, 2, 2, 3, 3, 0]);
      expect(lines[0]!.text).to.equal('caf\uFFFD au lait');
      expect(lines[4]!.text).to.equal('smile \uFFFD end');
      expect(lines[5]!.text).to.equal('valid: señor 😀');
    });

    it('invalid-utf8.txt: the same lines whatever the chunk boundaries (1, 2, 3, 7 bytes)', async () => {
      const bytes = readFileSync(fixture('invalid-utf8.txt'));
      const whole = await collect(readLines(chunked(bytes, bytes.length)));
      for (const size of [1, 2, 3, 7]) expect(await collect(readLines(chunked(bytes, size)))).to.deep.equal(whole);
    });

    it('crlf.txt: CRLF, lone CR and LF all end lines; a CRLF split across chunks ends one line', async () => {
      const bytes = readFileSync(fixture('crlf.txt'));
      const expected = ['one', 'two', '', 'three', 'four'];
      expect((await collect(readLines(chunked(bytes, bytes.length)))).map((l) => l.text)).to.deep.equal(expected);
      expect((await collect(readLines(chunked(bytes, 1)))).map((l) => l.text)).to.deep.equal(expected);
    });

    it('bom.txt: the byte-order mark is dropped', async () => {
      const lines = await collect(readFileLines(fixture('bom.txt')));
      expect(lines.map((l) => l.text)).to.deep.equal(['In the beginning', 'second line']);
      const split = await collect(readLines(chunked(readFileSync(fixture('bom.txt')), 2)));
      expect(split[0]!.text).to.equal('In the beginning');
    });

    it('control-chars.txt: NUL and controls removed, tab and NEL become spaces', async () => {
      const [line] = await collect(readFileLines(fixture('control-chars.txt')));
      expect(line!.text).to.equal('ab cdef gh');
      expect(line!.removedControls).to.equal(5);
    });

    it('empty-lines.txt: empty lines are kept as empty lines', async () => {
      const lines = await collect(readFileLines(fixture('empty-lines.txt')));
      expect(lines.map((l) => l.text)).to.deep.equal(['first', '', '', 'fourth', '']);
    });

    it('long-line-10000.txt: 10,000-character lines are cut to the maximum token count and join back exactly', async () => {
      const tokenizer = await SentencePieceTokenizer.fromBytes(await readFile(BIBLE_8K));
      const lines = await collect(readFileLines(fixture('long-line-10000.txt')));
      expect(lines.map((l) => l.text.length)).to.deep.equal([10_000, 10_000]);
      const countTokens = (s: string): number => tokenizer.encode(s).length;
      for (const { text } of lines) {
        const split = splitLongLine(text, { maxTokens: 100, countTokens });
        expect(split.pieces.length).to.be.greaterThan(1);
        for (const piece of split.pieces) expect(countTokens(piece)).to.be.at.most(100).and.greaterThan(0);
        expect(joinLongLine(split, split.pieces)).to.equal(text);
      }
      // Prose is cut at sentence ends.
      const prose = splitLongLine(lines[0]!.text, { maxTokens: 100, countTokens });
      expect(prose.pieces.slice(0, -1).every((p) => /[.”]$/.test(p))).to.equal(true);
    });
  });

  describe('utf8', () => {
    it('counts exactly the U+FFFD that TextDecoder inserts (random bytes)', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
          const decoded = decodeUtf8(bytes);
          const native = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
          const inInput = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes).length; // same string
          expect(decoded.text).to.equal(native);
          expect(inInput).to.equal(native.length);
          const legit = (
            Buffer.from(bytes)
              .toString('latin1')
              .match(/\xEF\xBF\xBD/g) ?? []
          ).length;
          expect(decoded.replacements).to.equal((native.match(/\uFFFD/g) ?? []).length - legit);
        }),
        { numRuns: 500, seed: 42 },
      );
    });

    it('reports no damage for valid text', () => {
      expect(scanUtf8(Buffer.from('señor 😀 שלום'))).to.deep.equal({ replacements: 0, invalidBytes: 0 });
    });
  });

  describe('cleanText', () => {
    it('keeps text without controls as is', () => {
      expect(cleanText('plain text, ñ')).to.deep.equal({ text: 'plain text, ñ', removed: 0 });
    });
    it('removes U+FEFF anywhere', () => {
      expect(cleanText('\uFEFFa\uFEFFb').text).to.equal('ab');
    });
  });

  describe('splitLongLine', () => {
    const countWords = (s: string): number => s.split(/\s+/).filter(Boolean).length;
    it('returns short lines whole', () => {
      const split = splitLongLine('  One. Two.  ', { maxTokens: 10, countTokens: countWords });
      expect(split.pieces).to.deep.equal(['One. Two.']);
      expect(joinLongLine(split, split.pieces)).to.equal('  One. Two.  ');
    });
    it('packs sentences, then words, and keeps the whitespace', () => {
      const line = 'One two three. Four five six seven eight nine ten.  Eleven.';
      const split = splitLongLine(line, { maxTokens: 4, countTokens: countWords });
      for (const p of split.pieces) expect(countWords(p)).to.be.at.most(4);
      expect(joinLongLine(split, split.pieces)).to.equal(line);
      expect(split.pieces).to.deep.equal(['One two three.', 'Four five six seven', 'eight nine ten.', 'Eleven.']);
    });
  });
});
