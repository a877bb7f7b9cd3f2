import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { SentencePieceTokenizer } from '../../lib/text/sentencepiece-tokenizer.js';
import { loadTokenizer } from '../../lib/text/load-tokenizer.js';
import { normalizeText } from '../../lib/text/normalize.js';
import { readTsvFile } from '../../lib/text/corpus/tsv.js';
import { DataError } from '../../lib/errors.js';
import { BIBLE_8K, BIBLE_DEV } from './paths.js';

describe('SentencePieceTokenizer (bible-8k)', () => {
  let tokenizer: SentencePieceTokenizer;
  let modelBytes: Uint8Array;
  before(async () => {
    modelBytes = await readFile(BIBLE_8K);
    tokenizer = await SentencePieceTokenizer.fromBytes(modelBytes);
  });

  it('encodes the whole dev set (both columns) to exactly the ids of spm_encode --output_format=id', async () => {
    const lines: string[] = [];
    for await (const row of readTsvFile(BIBLE_DEV, ['en_web', 'es_rv1909'])) lines.push(...row.values);
    expect(lines.length).to.be.greaterThan(2000);
    const reference = execFileSync('spm_encode', [`--model=${BIBLE_8K}`, '--output_format=id'], {
      input: lines.join('\n') + '\n',
      maxBuffer: 64 << 20,
    })
      .toString('utf8')
      .split('\n')
      .slice(0, lines.length);
    const ours = lines.map((l) => tokenizer.encode(l).join(' '));
    const mismatches = ours.flatMap((ids, i) => (ids === reference[i] ? [] : [i]));
    expect(mismatches, `first mismatch: ${JSON.stringify(lines[mismatches[0] ?? 0])}`).to.deep.equal([]);
  });

  it('has the fixed special ids and reads the piece table of the model', async () => {
    expect(tokenizer.vocabSize).to.equal(8000);
    expect([0, 1, 2, 3].map((id) => tokenizer.idToPiece(id))).to.deep.equal(['<pad>', '<unk>', '<s>', '</s>']);
    const vocab = (await readFile(BIBLE_8K.replace(/\.model$/, '.vocab'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t')[0]);
    expect(vocab.length).to.equal(8000);
    for (const id of [4, 100, 4321, 7999]) expect(tokenizer.idToPiece(id)).to.equal(vocab[id]);
    const pieces = tokenizer.encodePieces('In the beginning');
    expect(pieces.map((p) => tokenizer.pieceToId(p))).to.deep.equal(tokenizer.encode('In the beginning'));
  });

  it('decode skips pad/bos/eos, batches match single calls, bad ids are a DataError', () => {
    const ids = tokenizer.encode('Y dijo Dios: Sea la luz.');
    expect(tokenizer.decode([2, ...ids, 3, 0])).to.equal('Y dijo Dios: Sea la luz.');
    expect(tokenizer.encodeBatch(['a b', 'c'])).to.deep.equal([tokenizer.encode('a b'), tokenizer.encode('c')]);
    expect(tokenizer.decodeBatch([ids])).to.deep.equal([tokenizer.decode(ids)]);
    expect(() => tokenizer.decode([8000])).to.throw(DataError, /\[0, 8000\)/);
    expect(() => tokenizer.decode([1.5])).to.throw(DataError);
  });

  it('empty text encodes to no ids and decodes back to empty', () => {
    expect(tokenizer.encode('')).to.deep.equal([]);
    expect(tokenizer.decode([])).to.equal('');
  });

  it('serialize → loadTokenizer rebuilds an identical tokenizer', async () => {
    const bytes = tokenizer.serialize();
    expect(Buffer.from(bytes).equals(Buffer.from(modelBytes))).to.equal(true);
    const again = await loadTokenizer('sentencepiece', bytes);
    expect(again.vocabSize).to.equal(tokenizer.vocabSize);
    const text = 'El Señor es mi pastor; nada me faltará.';
    expect(again.encode(text)).to.deep.equal(tokenizer.encode(text));
  });

  it('rejects bytes that are not a model with a DataError', async () => {
    let caught: unknown;
    try {
      await SentencePieceTokenizer.fromBytes(new Uint8Array([1, 2, 3, 4, 5]));
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(DataError);
    expect((caught as DataError).code).to.equal('E_TOKENIZER_MODEL');
  });

  describe('round trip: decode(encode(s)) === normalizeText(s)', () => {
    const letters = fc.constantFrom(...'abcxyzABCÑñáéíóúü'.split(''));
    const emoji = fc.constantFrom('😀', '👍🏽', '🇪🇸', '👩‍💻', '❤️', '🙏');
    const combining = fc
      .tuple(
        fc.constantFrom('a', 'e', 'o', 'n', 'z'),
        fc.constantFrom('\u0301', '\u0303', '\u0308', '\u0327', '\u0323\u0307'),
      )
      .map(([b, m]) => b + m);
    const rtl = fc.constantFrom('שלום', 'עולם', 'مرحبا', 'سلام', '\u200F', '\u200E');
    const spaces = fc.constantFrom(' ', '  ', '\t', ' \t ', '\u00A0', '\u3000', '\u2003');
    const other = fc.constantFrom(
      '.',
      ',',
      '¿',
      '¡',
      '?',
      '—',
      '“',
      '”',
      '1',
      '½',
      'ﬁ',
      '①',
      'Ⅻ',
      '中文',
      'ｶﾀｶﾅ',
      '\u0000',
      '\u0007',
    );
    const unit = fc.oneof(letters, letters, emoji, combining, rtl, spaces, spaces, other);
    const text = fc.array(unit, { maxLength: 30 }).map((parts) => parts.join(''));

    it('holds for random mixes of emoji, combining marks, RTL text, whitespace runs and compatibility characters', () => {
      fc.assert(
        fc.property(text, (s) => {
          expect(tokenizer.decode(tokenizer.encode(s))).to.equal(normalizeText(s));
        }),
        { numRuns: 1000, seed: 7 },
      );
    });

    it('holds for every Unicode code point between two letters (one known exception: U+0344)', () => {
      const differ: number[] = [];
      for (let cp = 0; cp < 0x110000; cp++) {
        if (cp >= 0xd800 && cp < 0xe000) continue;
        const s = `a${String.fromCodePoint(cp)}b`;
        if (tokenizer.decode(tokenizer.encode(s)) !== normalizeText(s)) differ.push(cp);
      }
      expect(differ).to.deep.equal([0x344]);
    });

    it('holds for arbitrary Unicode strings once normalised (normalizeText is a fixed point of the model)', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
          const n = normalizeText(s);
          expect(tokenizer.decode(tokenizer.encode(n))).to.equal(n);
        }),
        { numRuns: 1000, seed: 11 },
      );
    });
  });
});
