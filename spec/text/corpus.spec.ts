import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTabFields, readTsv, readTsvFile, type TsvRow } from '../../lib/text/corpus/tsv.js';
import { readAlignedFiles, type TextPair } from '../../lib/text/corpus/aligned.js';
import { LengthFilter } from '../../lib/text/corpus/length-filter.js';
import { DataError } from '../../lib/errors.js';
import { BIBLE_DEV } from './paths.js';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of source) out.push(x);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<DataError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text, 'utf8');
}

describe('corpus readers', () => {
  const dir = mkdtempSync(join(tmpdir(), 's2s-corpus-'));

  describe('TSV', () => {
    it('reads named columns of the Bible dev set, in the requested order', async () => {
      const rows: TsvRow[] = await collect(readTsvFile(BIBLE_DEV, ['es_rv1909', 'en_web']));
      expect(rows.length).to.equal(1066);
      expect(rows[0]!.lineNumber).to.equal(2);
      expect(rows[0]!.values[1]).to.match(/^In the third year/);
      expect(rows[0]!.values[0]).to.match(/^En el año tercero/);
    });

    it('a wrong column name lists the available columns', async () => {
      const err = await rejection(collect(readTsvFile(BIBLE_DEV, ['en'])));
      expect(err.code).to.equal('E_TSV_COLUMN');
      expect(err.message).to.contain("no column named 'en'").and.contain('ref, en_web, es_rv1909');
    });

    it('short rows and empty files are DataErrors; CRLF, BOM and trailing blank lines are fine', async () => {
      expect((await rejection(collect(readTsv(bytes('a\tb\nonly-one\n'), { columns: ['b'] })))).code).to.equal(
        'E_TSV_ROW',
      );
      expect((await rejection(collect(readTsv(bytes(''), { columns: ['b'] })))).code).to.equal('E_TSV_EMPTY');
      const rows = await collect(readTsv(bytes('\uFEFFa\tb\r\n1\t2\r\n\r\n'), { columns: ['b', 'a'] }));
      expect(rows.map((r) => r.values)).to.deep.equal([['2', '1']]);
    });

    it('a row over maxLineBytes is an E_TSV_ROW naming its line and size, never held in memory', async () => {
      const long = 'x'.repeat(100);
      const err = await rejection(
        collect(readTsv(bytes(`a\tb\n1\t2\n${long}\t${long}\n3\t4\n`), { columns: ['b'], maxLineBytes: 64 })),
      );
      expect(err.code).to.equal('E_TSV_ROW');
      expect(err.message).to.match(/line 3: 201 bytes, over the limit of 64 bytes/);
      const fields = [];
      for await (const row of readTabFields(bytes(`1\t2\n${long}\n3\t4`), 64)) fields.push(row);
      expect(fields.map((r) => [r.fields, r.droppedBytes])).to.deep.equal([
        [['1', '2'], 0],
        [[''], 100],
        [['3', '4'], 0],
      ]);
    });
  });

  describe('aligned files', () => {
    it('yields pairs line by line', async () => {
      writeFileSync(join(dir, 'a.en'), 'one\ntwo\n\nfour\n');
      writeFileSync(join(dir, 'a.es'), 'uno\r\ndos\r\n\r\ncuatro\r\n');
      const pairs: TextPair[] = await collect(readAlignedFiles(join(dir, 'a.en'), join(dir, 'a.es')));
      expect(pairs.map((p) => [p.source, p.target])).to.deep.equal([
        ['one', 'uno'],
        ['two', 'dos'],
        ['', ''],
        ['four', 'cuatro'],
      ]);
    });

    it('a line-count mismatch is a DataError giving both counts', async () => {
      writeFileSync(join(dir, 'b.en'), 'one\ntwo\nthree\n');
      writeFileSync(join(dir, 'b.es'), 'uno\ndos\n');
      const err = await rejection(collect(readAlignedFiles(join(dir, 'b.en'), join(dir, 'b.es'))));
      expect(err.code).to.equal('E_ALIGN_COUNT');
      expect(err.message).to.contain('3 lines').and.contain('2 in');
      expect(err.details).to.include({ sourceCount: 3, targetCount: 2 });
    });
  });

  describe('length filter', () => {
    it('drops pairs by min/max length and ratio, counting each reason once', async () => {
      const filter = new LengthFilter({ minLength: 1, maxLength: 5, maxRatio: 2 });
      async function* pairs(): AsyncGenerator<{ source: string; target: string }> {
        yield { source: 'a b', target: 'c d' };
        yield { source: '', target: 'x' };
        yield { source: 'a b c d e f', target: 'x' };
        yield { source: 'a b c', target: 'x' };
        yield { source: 'a', target: 'b c' };
      }
      const kept = await collect(filter.filter(pairs()));
      expect(kept.map((p) => p.source)).to.deep.equal(['a b', 'a']);
      expect(filter.counts).to.deep.equal({ kept: 2, tooShort: 1, tooLong: 1, badRatio: 1 });
    });
  });
});
