import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { makeTranslateCommand, type Opener } from '../../scripts/commands/translate.js';
import { parseArgs } from '../../scripts/cli/args.js';
import type { BatchTranslator } from '../../lib/decode/hypothesis.js';
import { charTokenizer, ReverseTranslator, ThrowingTranslator } from './fakes.js';

function collect(): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

async function runCommand(
  argv: string[],
  stdinText = '',
  translator: BatchTranslator = new ReverseTranslator(),
  stdinIsTTY = false,
): Promise<{ code: number; out: string; err: string; opened: string[] }> {
  const opened: string[] = [];
  const opener: Opener = async (model) => (
    opened.push(String(model)),
    { translator, sourceTokenizer: charTokenizer, targetTokenizer: charTokenizer, backend: 'fake' }
  );
  const command = makeTranslateCommand(opener);
  const out = collect();
  const err = collect();
  const code = await command.run(parseArgs(command.options, argv), {
    stdin: Object.assign(Readable.from([Buffer.from(stdinText)]), { isTTY: stdinIsTTY }),
    stdout: out.stream,
    stderr: err.stream,
  });
  return { code, out: out.text(), err: err.text(), opened };
}

describe('s2s translate (with an injected model opener)', () => {
  it('stdin → stdout, text format: a failed line → empty line + stderr message; summary on stderr', async () => {
    const r = await runCommand(['-m', 'model.s2s', '--max-wait', '1'], 'ab\nboom!\n\ncd\n', new ThrowingTranslator());
    expect(r.code).to.equal(0);
    expect(r.opened).to.deep.equal(['model.s2s']);
    expect(r.out).to.equal('ba\n\n\ndc\n');
    expect(r.err).to.match(/line 2: E_TRANSLATE_FAILED: model exploded/);
    expect(r.err).to.match(/lines: 4 \(1 failed\) {2}tokens: 4 .* backend: fake\n$/);
  });

  it('stdin on a terminal: one line says what it waits for (Ctrl-D ends); from a pipe or file, no such line', async () => {
    const tty = await runCommand(['-m', 'm', '--max-wait', '1'], 'ab\n', new ReverseTranslator(), true);
    expect(tty.err.split('\n')[0]).to.equal(
      'reading lines from the terminal: each is translated when you press Enter; Ctrl-D ends',
    );
    expect(tty.out).to.equal('ba\n');
    const piped = await runCommand(['-m', 'm', '--max-wait', '1'], 'ab\n');
    expect(piped.err).to.not.contain('terminal');
  });

  it('jsonl format: records with ids, n-best and error records', async () => {
    const r = await runCommand(
      ['-m', 'm', '-f', 'jsonl', '--n-best', '2', '--max-wait', '1'],
      '{"id":"a","text":"xy"}\n{oops\n',
    );
    const records = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records[0]).to.include({ id: 'a', translation: 'yx' });
    expect(records[0]!['nbest']).to.have.length(2);
    expect(records[1]).to.have.property('error');
  });

  it('directory input → mirrored tree, resumable (finished files are skipped, no partial files left)', async () => {
    const root = await mkdtemp(join(tmpdir(), 's2s-translate-'));
    try {
      await mkdir(join(root, 'in', 'sub'), { recursive: true });
      await writeFile(join(root, 'in', 'a.txt'), 'abc\n');
      await writeFile(join(root, 'in', 'sub', 'b.txt'), 'de\nf\n');
      const first = await runCommand(['-m', 'm', join(root, 'in'), '-o', join(root, 'out'), '--max-wait', '1']);
      expect(first.code).to.equal(0);
      expect(await readFile(join(root, 'out', 'a.txt'), 'utf8')).to.equal('cba\n');
      expect(await readFile(join(root, 'out', 'sub', 'b.txt'), 'utf8')).to.equal('ed\nf\n');
      expect((await readdir(join(root, 'out'))).filter((n) => n.startsWith('.'))).to.deep.equal([]);
      await writeFile(join(root, 'in', 'c.txt'), 'xy\n');
      const second = await runCommand(['-m', 'm', join(root, 'in'), '-o', join(root, 'out'), '--max-wait', '1']);
      expect(second.err).to.match(/skip .*a\.txt/);
      expect(second.err).to.match(/skip .*b\.txt/);
      expect(await readFile(join(root, 'out', 'c.txt'), 'utf8')).to.equal('yx\n');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
