/** A line longer than the reader's bound becomes one failed line (its bytes dropped as they arrive), never unbounded memory. */
import { expect } from 'chai';
import { lastValueFrom, toArray } from 'rxjs';
import { readLines } from '../../lib/text/line-reader.js';
import { linesFrom } from '../../pipelines/node/read-lines.js';

async function* chunks(parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}

describe('line length bound', () => {
  it('readLines: an overlong line (any chunking) reports its dropped bytes; the lines around it are intact', async () => {
    const long = 'x'.repeat(5000);
    const out = [];
    for await (const line of readLines(chunks(['ab\n', long.slice(0, 1234), long.slice(1234), '\r\ncd']), {
      maxLineBytes: 1000,
    }))
      out.push(line);
    expect(out.map((l) => l.text)).to.deep.equal(['ab', '', 'cd']);
    expect(out.map((l) => l.droppedBytes)).to.deep.equal([0, 5000, 0]);
  });

  it('a line of exactly the bound is kept', async () => {
    const out = [];
    for await (const line of readLines(chunks(['y'.repeat(1000), '\n']), { maxLineBytes: 1000 })) out.push(line);
    expect(out[0]!.text).to.have.length(1000);
  });

  it('linesFrom: the overlong line becomes one E_LINE_TOO_LONG input in its place', async () => {
    const items = await lastValueFrom(
      linesFrom(chunks(['a\n', 'z'.repeat(3000), '\nb\n']), { maxLineBytes: 100 }).pipe(toArray()),
    );
    expect(items[0]).to.equal('a');
    expect(items[1]).to.have.nested.property('error.code', 'E_LINE_TOO_LONG');
    expect(items[2]).to.equal('b');
  });
});
