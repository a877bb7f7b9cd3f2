/**
 * Hostile input through the real `s2s translate` command in this process (injected reversing model: no tensors, so
 * many cases run fast): every case gives full ordered output, or one clear error line and a non-zero exit.
 * Each case is bounded by mocha's per-test timeout.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack, unpackMultiple } from 'msgpackr';
import { translateInProcess } from '../helpers/translate-in-process.js';
import { ThrowingTranslator } from '../pipelines/fakes.js';

const lines = (out: Buffer): string[] => out.toString().split('\n').slice(0, -1);
const records = (out: Buffer): Record<string, unknown>[] =>
  lines(out).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('hostile input through s2s translate (in process, fake model)', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 's2s-hostile-fmt-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const textCases: [string, string, string[]][] = [
    ['empty input', '', []],
    ['only line ends (LF, CRLF, CR)', '\n\r\n\r', ['', '', '']],
    ['no final line end', 'ab\ncd', ['ba', 'dc']],
    ['CR-only line ends', 'ab\rcd\r', ['ba', 'dc']],
    ['whitespace-only lines', ' \t \n  \n', ['', '']],
    ['a BOM and a NUL', '\ufeffab\na\u0000b\n', ['ba', 'ba']],
  ];
  for (const [name, input, expected] of textCases) {
    it(`text: ${name}`, async () => {
      const r = await translateInProcess([], input);
      expect(r.code, r.err).to.equal(0);
      expect(lines(r.out)).to.deep.equal(expected);
    });
  }

  it('text: 2,000 lines with a window of 4 in flight and batches of 3: all of them, in order', async () => {
    const input = Array.from({ length: 2000 }, (_, i) => `l${i}`).join('\n');
    const r = await translateInProcess(['--max-in-flight', '4', '--max-sentences', '3', '--max-wait', '0'], input);
    expect(r.code, r.err).to.equal(0);
    expect(lines(r.out)).to.deep.equal(Array.from({ length: 2000 }, (_, i) => [...`l${i}`].reverse().join('')));
  });

  it('text: a line the model fails on becomes an empty line and one stderr message; the lines after it still come', async () => {
    const r = await translateInProcess([], 'ab\nboom!\ncd\n', new ThrowingTranslator());
    expect(r.code, r.err).to.equal(0);
    expect(lines(r.out)).to.deep.equal(['ba', '', 'dc']);
    expect(r.err).to.match(/^line 2: E_TRANSLATE_FAILED: /m);
  });

  it('text: a 200 KB line without spaces is cut, translated in pieces and joined back (nothing dropped)', async () => {
    const word = 'abcdefghij'.repeat(20_000);
    const r = await translateInProcess(['--max-source-tokens', '1000'], `${word}\nok\n`);
    expect(r.code, r.err).to.equal(0);
    const out = lines(r.out);
    expect(out).to.have.length(2);
    expect(out[0]!.length).to.equal(word.length);
    expect(out[1]).to.equal('ko');
  });

  it('jsonl: blank lines, wrong types, duplicate ids and nested "text" each get their own record, in order', async () => {
    const input = [
      '',
      '   ',
      '{"id":"a","text":"xy"}',
      '{"id":"a","text":"zw"}',
      '{"text":null}',
      '{"text":["x"]}',
      '[1,2]',
      '"text"',
      '{"id":true,"text":"q"}',
    ].join('\n');
    const r = await translateInProcess(['-f', 'jsonl'], `${input}\n`);
    expect(r.code, r.err).to.equal(0);
    const out = records(r.out);
    expect(out.map((x) => x['line'])).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(out.map((x) => x['translation'] ?? (x['error'] as { code: string }).code)).to.deep.equal([
      'E_INPUT_INVALID',
      'E_INPUT_INVALID',
      'yx',
      'wz',
      'E_INPUT_INVALID',
      'E_INPUT_INVALID',
      'E_INPUT_INVALID',
      'E_INPUT_INVALID',
      'q',
    ]);
    expect(out.map((x) => x['id'])).to.deep.equal([null, null, 'a', 'a', null, null, null, null, null]);
  });

  it('msgpack: empty input gives no records and exit 0; text fed as msgpack gives one error record per value, never a crash', async () => {
    const empty = await translateInProcess(['-f', 'msgpack'], '');
    expect(empty.code, empty.err).to.equal(0);
    expect(empty.out.length).to.equal(0);
    const text = await translateInProcess(['-f', 'msgpack'], 'Hi\n');
    expect(text.code, text.err).to.equal(0);
    const out = unpackMultiple(text.out) as { line: number; error: { code: string } }[];
    expect(out.map((x) => x.line)).to.deep.equal([1, 2, 3]);
    expect(out.every((x) => x.error.code === 'E_INPUT_INVALID')).to.equal(true);
  });

  it('msgpack: a frame followed by a str32 header announcing 2 GB: the frame is answered, then one E_INPUT_TRUNCATED record, exit 1', async () => {
    const input = Buffer.concat([pack({ id: 7, text: 'ab' }), Buffer.from([0xdb, 0x7f, 0xff, 0xff, 0xff, 0x61, 0x62])]);
    const r = await translateInProcess(['-f', 'msgpack'], input);
    expect(r.code).to.equal(1);
    expect(r.err).to.match(/^s2s translate: standard input: the input is damaged/m);
    const out = unpackMultiple(r.out) as { id: unknown; translation?: string; error?: { code: string } }[];
    expect(out[0]).to.include({ id: 7, translation: 'ba' });
    expect(out[1]!.error!.code).to.equal('E_INPUT_TRUNCATED');
  });

  it('directory with a FIFO, an empty file and an empty subdirectory: the FIFO is skipped with a reason (no hang), the rest mirrored', async () => {
    const input = join(dir, 'in');
    await mkdir(join(input, 'empty-dir'), { recursive: true });
    execFileSync('mkfifo', [join(input, 'pipe')]);
    await writeFile(join(input, 'empty.txt'), '');
    await writeFile(join(input, 'a.txt'), 'ab\n');
    const r = await translateInProcess([input, '-o', join(dir, 'out')]);
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.match(/skip .*pipe \(not a regular file/);
    expect(await readFile(join(dir, 'out', 'a.txt'), 'utf8')).to.equal('ba\n');
    expect(await readFile(join(dir, 'out', 'empty.txt'), 'utf8')).to.equal('');
  });

  it('several files to stdout with a missing one in the middle: the others in order, one line for the missing one, exit 1', async () => {
    await writeFile(join(dir, 'a.txt'), 'ab\n');
    await writeFile(join(dir, 'c.txt'), 'cd\n');
    const r = await translateInProcess([join(dir, 'a.txt'), join(dir, 'b.txt'), join(dir, 'c.txt')]);
    expect(r.code).to.equal(1);
    expect(lines(r.out)).to.deep.equal(['ba', 'dc']);
    expect(r.err.split('\n').filter((l) => l.startsWith('s2s translate:'))).to.deep.equal([
      `s2s translate: cannot read ${join(dir, 'b.txt')}: no such file or directory (ENOENT); check the path`,
    ]);
  });

  it('a single file to a new nested output path: parents are created, no temporary left', async () => {
    await writeFile(join(dir, 'a.txt'), 'ab\n');
    const r = await translateInProcess([join(dir, 'a.txt'), '-o', join(dir, 'x', 'y', 'a.out')]);
    expect(r.code, r.err).to.equal(0);
    expect(await readFile(join(dir, 'x', 'y', 'a.out'), 'utf8')).to.equal('ba\n');
  });

  const usage: [string[], RegExp][] = [
    [['-f', 'xml'], /--format must be one of/],
    [['--attention-svg', 'svg', 'a', 'b'], /--attention-svg .* one input/],
    [['--max-wait', 'soon'], /--max-wait expects a number/],
    [['--sampling', '--beam-size', '4'], /--beam-size must be 1 when sampling/],
    [['--n-best', '3'], /--n-best must be an integer in \[1, --beam-size = 1\]|--n-best must be/],
  ];
  for (const [argv, pattern] of usage) {
    it(`usage error, exit 2, one line: ${argv.join(' ')}`, async () => {
      const r = await translateInProcess(argv.includes('--n-best') ? [...argv, '--beam-size', '1'] : argv, 'ab\n');
      expect(r.code, r.err).to.equal(2);
      expect(r.err.trimEnd().split('\n')).to.have.length(1);
      expect(r.err).to.match(pattern);
      expect(r.opened).to.equal(false);
    });
  }
});
