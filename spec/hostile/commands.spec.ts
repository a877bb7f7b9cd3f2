/**
 * The other commands that write to standard output (`s2s score`, `s2s lm generate`, `s2s tokenizer encode`,
 * `s2s checkpoint info`) under the same rules as `s2s translate` (spec/hostile/cli.spec.ts), through the real
 * binary: a reader that goes away ends the run quietly with exit 0; a full disk is one line naming standard output,
 * exit 1; an input file that cannot be read is one line naming it, before any model loads; arguments a command does
 * not take are refused instead of being ignored while it waits on stdin; SIGINT during `s2s translate -o FILE`
 * leaves neither the file nor its temporary.
 */
import { expect } from 'chai';
import { closeSync, openSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectCleanError, expectNoCrash, LM, MODEL, runS2s } from './run-s2s.js';

const SPM = 'fixtures/tokenizers/bible-4k.model';

/** Closes the child's stdout once its first line arrived (`| head -1`). */
const firstLineThenClose = (chunk: Buffer, close: () => void): void => {
  if (chunk.includes(0x0a)) close();
};

describe('hostile CLI cases: every command writing to stdout', function () {
  this.timeout(90_000);

  const closedReader: Array<[string, string[], string]> = [
    ['score', ['score', '-m', MODEL], 'In the beginning.\tEn el principio.\n'.repeat(3000)],
    ['lm generate', ['lm', 'generate', '-m', LM, '--n', '400', '--max-length', '8'], ''],
    [
      'tokenizer encode',
      ['tokenizer', 'encode', '-m', SPM],
      'In the beginning God created the heaven.\n'.repeat(50_000),
    ],
  ];
  for (const [name, args, input] of closedReader) {
    it(`${name} | head -1: stops quietly, exit 0, no trace`, async () => {
      const r = await runS2s(args, { input, onStdout: firstLineThenClose });
      expectNoCrash(r);
      expect(r.stderr).to.not.match(/EPIPE|Unhandled/);
      expect(r.code, r.stderr).to.equal(0);
    });
  }

  const fullDisk: Array<[string, string[], string]> = [
    ['score', ['score', '-m', MODEL], 'In the beginning.\tEn el principio.\n'],
    ['lm generate', ['lm', 'generate', '-m', LM, '--n', '2', '--max-length', '8'], ''],
    ['tokenizer encode', ['tokenizer', 'encode', '-m', SPM], 'In the beginning.\n'],
    ['checkpoint info', ['checkpoint', 'info', MODEL], ''],
  ];
  for (const [name, args, input] of fullDisk) {
    it(`${name} > /dev/full: one line naming standard output and ENOSPC, exit 1`, async () => {
      const fd = openSync('/dev/full', 'w');
      try {
        const r = await runS2s(args, { input, stdoutFd: fd });
        expectCleanError(r, 1, /cannot write standard output: no space left on the device \(ENOSPC\)/);
      } finally {
        closeSync(fd);
      }
    });
  }

  it('score of a missing file: one line naming it, before the model loads (no engine line)', async () => {
    const r = await runS2s(['score', '-m', MODEL, 'no-such-pairs.tsv']);
    expectCleanError(r, 1, /^s2s score: cannot read no-such-pairs\.tsv: no such file or directory \(ENOENT\)/);
    expect(r.stderr).to.not.contain('engine:');
  });

  it('score --max-sentences 0: a usage error naming the flag and its range (exit 2)', async () => {
    expectCleanError(
      await runS2s(['score', '-m', MODEL, '--max-sentences', '0']),
      2,
      /--max-sentences must be an integer from 1 to/,
    );
  });

  it('data synth --n 1e12: a usage error naming the bound, not an internal "Invalid array length"', async () => {
    expectCleanError(
      await runS2s(['data', 'synth', 'reverse', '--n', '1e12']),
      2,
      /--n must be an integer from 1 to 10000000 \(pairs built in memory\), got 1000000000000/,
    );
  });

  it('data synth --max-length 1e9 and gradcheck --layers 1000: usage errors (they were an out-of-memory abort and a hang)', async () => {
    expectCleanError(
      await runS2s(['data', 'synth', 'reverse', '--n', '10', '--max-length', '1e9']),
      2,
      /--max-length must be at most 1000 tokens, got 1000000000/,
    );
    expectCleanError(
      await runS2s(['data', 'synth', 'copy', '--n', '10000000', '--max-length', '1000']),
      2,
      /--n must be at most 50000 pairs of up to 1000 tokens .*got 10000000/,
    );
    expectCleanError(
      await runS2s(['gradcheck', '--layers', '1000']),
      2,
      /--layers must be an integer from 1 to 4 .*got 1000/,
    );
    expectCleanError(
      await runS2s(['gradcheck', '--epsilon', '-1']),
      2,
      /--epsilon must be a number from 0\.000001 to 1 .*got -1/,
    );
  });

  it('train, lm train and tokenizer train: batch, dev and thread flags are usage errors before any data is read', async () => {
    // each was accepted (--dev-decode -1, --max-sentences 1e9), an error after the data was read (--max-tokens 0),
    // an internal "Invalid typed array length" (lm --batch 1e9) or spm_train's own failure (--threads 1000)
    const train = ['train', '--train', 'missing.tsv', '--src-column', 'a', '--tgt-column', 'b', '--out', 'run'];
    expectCleanError(await runS2s([...train, '--max-tokens', '0']), 2, /--max-tokens must be an integer from 1 to/);
    expectCleanError(
      await runS2s([...train, '--max-sentences', '1e9']),
      2,
      /--max-sentences must be an integer from 1 to 4096/,
    );
    expectCleanError(await runS2s([...train, '--dev-decode', '-1']), 2, /--dev-decode must be an integer from 0 to/);
    const lm = ['lm', 'train', '--train', 'missing.tsv', '--words', '--out', 'lm'];
    expectCleanError(await runS2s([...lm, '--batch', '1e9']), 2, /--batch must be an integer from 1 to 4096/);
    expectCleanError(await runS2s([...lm, '--bptt', '1e6']), 2, /--bptt must be an integer from 1 to 10000/);
    expectCleanError(
      await runS2s([
        'tokenizer',
        'train',
        '--input',
        'missing.txt',
        '--vocab-size',
        '300',
        '--threads',
        '1000',
        '--out',
        'tok',
      ]),
      2,
      /threads must be an integer from 1 to 128, got 1000/,
    );
  });

  it('data synth --out /dev/full: one line naming the file and ENOSPC (it was an internal error)', async () => {
    expectCleanError(
      await runS2s(['data', 'synth', 'copy', '--n', '10', '--out', '/dev/full']),
      1,
      /^s2s data synth: cannot write \/dev\/full: no space left on the device \(ENOSPC\)/,
    );
  });

  it('a file given to a command that reads stdin, or a second file to score: refused, never ignored', async () => {
    // Without the check, tokenizer encode ignored in.txt and waited on stdin (here: empty), printing nothing, exit 0.
    expectCleanError(
      await runS2s(['tokenizer', 'encode', '-m', SPM, 'in.txt']),
      2,
      /unexpected argument 'in\.txt': this command takes no arguments \(usage: s2s tokenizer encode .*< text\)/,
    );
    expectCleanError(
      await runS2s(['score', '-m', MODEL, 'a.tsv', 'b.tsv']),
      2,
      /unexpected argument 'b\.tsv': this command takes at most 1 argument/,
    );
  });

  it('translate -o FILE, SIGINT once the output is being written (real process): exit 130, no file, no temporary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 's2s-sigint-'));
    try {
      await writeFile(join(dir, 'in.txt'), 'The king sent messengers to the city.\n'.repeat(400));
      const out = join(dir, 'out');
      let poll: NodeJS.Timeout | undefined;
      const r = await runS2s(
        ['translate', '-m', MODEL, '--beam-size', '2', '--max-sentences', '4', join(dir, 'in.txt'), '-o', out],
        {
          onStart: (signal) => {
            // The first translated lines are in the temporary: the run is mid-way.
            poll = setInterval(() => {
              const partial = readdirSync(dir).find((n) => n.endsWith('.partial'));
              if (partial === undefined || statSync(join(dir, partial)).size === 0) return;
              clearInterval(poll);
              signal('SIGINT');
            }, 20);
          },
        },
      );
      clearInterval(poll);
      expectCleanError(r, 130, /^s2s translate: interrupted by SIGINT: .*out was not written$/);
      expect((await readdir(dir)).sort()).to.deep.equal(['in.txt']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
