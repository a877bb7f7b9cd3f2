/**
 * `s2s translate` file handling and option validation, run through `runCli` with an injected model opener (no
 * tensors, fast): output onto input, symlinks and dot-files, failures that must not stop a multi-file run, file-system
 * errors as one line, stale temporaries, pipeline numbers and sizes as usage errors, ignored-option warnings.
 */
import { expect } from 'chai';
import { link, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { translateInProcess } from '../helpers/translate-in-process.js';

interface Run {
  code: number;
  out: string;
  err: string;
  opened: boolean;
}

async function s2s(argv: string[], stdin = ''): Promise<Run> {
  const r = await translateInProcess(argv, stdin);
  return { ...r, out: r.out.toString() };
}

/** A usage error: exit 2, one stderr line naming `flag`, and the model never opened. */
function expectUsageError(r: Run, flag: string): void {
  expect(r.code, r.err).to.equal(2);
  expect(r.err.trimEnd().split('\n'), r.err).to.have.length(1);
  expect(r.err).to.contain(flag);
  expect(r.opened, 'model opened before the usage error').to.equal(false);
}

describe('s2s translate: pipeline numbers and sizes are validated (usage error, exit 2)', () => {
  const cases: [string[], string][] = [
    [['--concurrency', '0'], '--concurrency'],
    [['--concurrency', '-3'], '--concurrency'],
    [['--concurrency', '1.5'], '--concurrency'],
    [['--concurrency', '100000'], '--concurrency'],
    [['--max-tokens', '0'], '--max-tokens'],
    [['--max-tokens', '1e12'], '--max-tokens'],
    [['--max-sentences', '0'], '--max-sentences'],
    [['--max-sentences', '1e9'], '--max-sentences'],
    [['--max-wait', '-1'], '--max-wait'],
    [['--max-wait', '1e15'], '--max-wait'],
    [['--max-in-flight', '0'], '--max-in-flight'],
    [['--max-in-flight', '1e9'], '--max-in-flight'],
    [['--max-source-tokens', '1e9'], '--max-source-tokens'],
    [['--beam-size', '1e9'], '--beam-size'],
    [['--beam-size', '1024', '--max-sentences', '64'], '--max-sentences'],
    [['--lm-weight', '0.3'], '--lm'],
    [['--redis-timeout', '-5'], '--redis-timeout'],
    [['--redis-timeout', '0', '--redis', 'redis://127.0.0.1:1'], '--redis-timeout'],
  ];
  for (const [argv, flag] of cases) {
    it(`${argv.join(' ')} → exit 2 naming ${flag}`, async () => {
      expectUsageError(await s2s(argv, 'ab\n'), flag);
    });
  }

  it('ignored options give a warning and the run goes on: --temperature without --sampling, --n-best with text output', async () => {
    const r = await s2s(['--temperature', '0.5', '--n-best', '2'], 'ab\n');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.equal('ba\n');
    expect(r.err).to.match(/warning: --temperature has no effect without --sampling/);
    expect(r.err).to.match(/warning: --n-best 2 has no effect with --format text/);
  });
});

describe('s2s translate: files and directories', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 's2s-files-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses output onto its input (same path, a hard link, a symlink) and leaves the input untouched', async () => {
    const a = join(root, 'a.txt');
    await writeFile(a, 'abc\n');
    await link(a, join(root, 'hard.txt'));
    await symlink(a, join(root, 'soft.txt'));
    for (const out of [a, join(root, 'hard.txt'), join(root, 'soft.txt'), join(root, '.', 'a.txt')]) {
      const r = await s2s([a, '-o', out]);
      expectUsageError(r, '--output');
      expect(r.err).to.match(/is the input/);
    }
    expect(await readFile(a, 'utf8')).to.equal('abc\n');
  });

  it('refuses DIR -o DIR and an output tree inside the input tree, with or without --force', async () => {
    const dir = join(root, 'in');
    await mkdir(dir);
    await writeFile(join(dir, 'a.txt'), 'abc\n');
    for (const argv of [
      [dir, '-o', dir],
      [dir, '-o', join(dir, 'out')],
      [dir, '-o', dir, '--force'],
      [dir, '-o', join(dir, 'x', 'y'), '--force'],
    ]) {
      expectUsageError(await s2s(argv), '--output');
    }
    expect(await readdir(dir)).to.deep.equal(['a.txt']);
  });

  it('refuses several files whose mirrored output would land on one of the inputs', async () => {
    await writeFile(join(root, 'a.txt'), 'abc\n');
    await writeFile(join(root, 'b.txt'), 'de\n');
    // outputs mirror the inputs' paths relative to the working directory: a.txt b.txt -o . would overwrite both
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expectUsageError(await s2s(['a.txt', 'b.txt', '-o', '.']), '--output');
    } finally {
      process.chdir(cwd);
    }
    expect(await readFile(join(root, 'a.txt'), 'utf8')).to.equal('abc\n');
  });

  it('refuses two inputs that would be written to one output file (a.txt ../a.txt; one file twice): nothing written', async () => {
    await mkdir(join(root, 'sub'));
    await writeFile(join(root, 'a.txt'), 'abc\n');
    await writeFile(join(root, 'sub', 'a.txt'), 'de\n');
    const cwd = process.cwd();
    process.chdir(join(root, 'sub'));
    try {
      // Both mirror to out/a.txt (leading ../ dropped): the second translation would silently replace the first.
      const r = await s2s(['a.txt', '../a.txt', '-o', '../out']);
      expectUsageError(r, '--output');
      expect(r.err).to.match(/a\.txt and \.\.\/a\.txt would both be written to \.\.\/out\/a\.txt/);
      const twice = await s2s(['a.txt', './a.txt', '-o', '../out']);
      expectUsageError(twice, '--output');
      expect(twice.err).to.match(/a\.txt and \.\/a\.txt would both be written|given twice/);
    } finally {
      process.chdir(cwd);
    }
    expect(await readdir(root)).to.deep.equal(['a.txt', 'sub']);
  });

  it('directory mode follows symlinked files and directories (loop-guarded) and says what it skipped and why', async () => {
    const dir = join(root, 'in');
    await mkdir(join(dir, 'sub'), { recursive: true });
    await writeFile(join(root, 'outside.txt'), 'xy\n');
    await writeFile(join(dir, 'a.txt'), 'abc\n');
    await writeFile(join(dir, '.hidden.txt'), 'hidden\n');
    await symlink(join(root, 'outside.txt'), join(dir, 'linked.txt'));
    await symlink(dir, join(dir, 'sub', 'loop'));
    await symlink(join(root, 'missing.txt'), join(dir, 'broken.txt'));
    const r = await s2s([dir, '-o', join(root, 'out')]);
    expect(await readFile(join(root, 'out', 'a.txt'), 'utf8')).to.equal('cba\n');
    expect(await readFile(join(root, 'out', 'linked.txt'), 'utf8')).to.equal('yx\n');
    expect(r.err).to.match(/skip .*\.hidden\.txt \(hidden file/);
    expect(r.err).to.match(/skip .*loop \(symbolic link loop/);
    expect(r.err).to.match(/broken\.txt.*no such file/);
    expect(r.code, 'a broken link is a failure').to.equal(1);
  });

  it('one unreadable file does not stop the others: each failure reported, exit 1 at the end', async () => {
    await writeFile(join(root, 'a.txt'), 'ab\n');
    await writeFile(join(root, 'c.txt'), 'cd\n');
    const r = await s2s([join(root, 'a.txt'), join(root, 'missing.txt'), join(root, 'c.txt'), '-o', join(root, 'out')]);
    expect(r.code).to.equal(1);
    expect(r.err).to.match(/missing\.txt: no such file or directory \(ENOENT\); check the path/);
    const out = await readdir(join(root, 'out'), { recursive: true });
    expect(out.filter((n) => n.endsWith('.txt')).length).to.equal(2);
  });

  it('file-system errors are one line naming the path and the fix: missing input, output in a missing parent under a file, disk full', async () => {
    const missing = await s2s([join(root, 'nope.txt')]);
    expect(missing.code).to.equal(1);
    expect(
      missing.err
        .trimEnd()
        .split('\n')
        .filter((l) => l.startsWith('s2s translate:')),
    ).to.deep.equal([
      `s2s translate: cannot read ${join(root, 'nope.txt')}: no such file or directory (ENOENT); check the path`,
    ]);
    await writeFile(join(root, 'a.txt'), 'ab\n');
    await writeFile(join(root, 'file'), '');
    const underFile = await s2s([join(root, 'a.txt'), '-o', join(root, 'file', 'out.txt')]);
    expect(underFile.code).to.equal(1);
    expect(underFile.err).to.match(/cannot create directory .*file: a file is in the way/);
    const full = await s2s([join(root, 'a.txt'), '-o', '/dev/full']);
    expect(full.code).to.equal(1);
    expect(full.err).to.match(/cannot write \/dev\/full: no space left on the device \(ENOSPC\)/);
    expect(full.err).to.not.match(/\n\s+at /);
    // A directory where no file can be created (/proc): the message names the output, not its hidden temporary.
    const proc = await s2s([join(root, 'a.txt'), '-o', '/proc/version']);
    expect(proc.code).to.equal(1);
    expect(proc.err).to.match(/^s2s translate: cannot write \/proc\/version: /m);
    expect(proc.err).to.not.contain('.partial');
  });

  it('-o onto a FIFO (as onto /dev/null or a device) writes into it and never replaces it with a file', async () => {
    await writeFile(join(root, 'a.txt'), 'ab\n');
    const fifo = join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = createReadStream(fifo);
    const received: Buffer[] = [];
    reader.on('data', (c) => received.push(Buffer.from(c)));
    const [r] = await Promise.all([s2s([join(root, 'a.txt'), '-o', fifo]), once(reader, 'end')]);
    expect(r.code, r.err).to.equal(0);
    expect(Buffer.concat(received).toString()).to.equal('ba\n');
    expect(statSync(fifo).isFIFO()).to.equal(true);
    expect((await readdir(root)).sort()).to.deep.equal(['a.txt', 'pipe']);
  });

  it('an output path that is a directory, for one input file, is a usage error', async () => {
    await writeFile(join(root, 'a.txt'), 'ab\n');
    await mkdir(join(root, 'outdir'));
    expectUsageError(await s2s([join(root, 'a.txt'), '-o', join(root, 'outdir')]), '--output');
  });

  it('temporaries left by a killed run are removed (dead process id) and reported; the file is translated', async () => {
    const dir = join(root, 'in');
    await mkdir(dir);
    await writeFile(join(dir, 'a.txt'), 'abc\n');
    await mkdir(join(root, 'out'));
    await writeFile(join(root, 'out', '.a.txt.999999999.partial'), 'half');
    const r = await s2s([dir, '-o', join(root, 'out')]);
    expect(r.code, r.err).to.equal(0);
    expect(await readdir(join(root, 'out'))).to.deep.equal(['a.txt']);
    expect(r.err).to.match(/removed stale temporary .*\.a\.txt\.999999999\.partial/);
  });

  it('--attention-svg naming a file (taken for one picture) is a usage error before the model loads', async () => {
    const file = join(root, 'attention.svg');
    await writeFile(file, '<svg/>');
    const r = await s2s(['--attention-svg', file], 'abc\n');
    expectUsageError(r, '--attention-svg');
    expect(r.err).to.match(/is a file: it names a directory/);
    expect(await readFile(file, 'utf8')).to.equal('<svg/>');
  });

  it('a directory run says each file it wrote (k of N); --no-progress keeps those and the summary, --quiet hides all', async () => {
    const input = join(root, 'in');
    await mkdir(input);
    await writeFile(join(input, 'a.txt'), 'abc\n');
    await writeFile(join(input, 'b.txt'), 'de\n');
    const output = join(root, 'out');
    const first = await s2s([input, '-o', output, '--no-progress']);
    expect(first.code, first.err).to.equal(0);
    expect(first.err.split('\n').slice(0, 2)).to.deep.equal([
      `wrote ${join(output, 'a.txt')} (1 of 2)`,
      `wrote ${join(output, 'b.txt')} (2 of 2)`,
    ]);
    expect(first.err).to.match(/^lines: 2 /m);
    const quiet = await s2s([input, '-o', output, '--quiet']);
    expect(quiet.code).to.equal(0);
    expect(quiet.err, 'informational lines under --quiet').to.equal('');
  });

  it("'-' (stdin) among files is refused up front (it was silently dropped)", async () => {
    await writeFile(join(root, 'a.txt'), 'abc\n');
    const r = await s2s([join(root, 'a.txt'), '-'], 'stdin line\n');
    expectUsageError(r, "'-' (standard input) cannot be mixed with files");
    expect(r.out).to.equal('');
  });

  it('a directory among several input files is refused up front', async () => {
    await writeFile(join(root, 'a.txt'), 'ab\n');
    await mkdir(join(root, 'd'));
    expectUsageError(await s2s([join(root, 'a.txt'), join(root, 'd'), '-o', join(root, 'out')]), 'directory');
  });
});
