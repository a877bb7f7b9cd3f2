/** `s2s eval` through the real launcher (child process). Expected numbers: sacreBLEU README (see fixtures/eval/README.md). */
import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { s2s } from '../helpers/cli.js';

const FIX = 'fixtures/eval';

describe('s2s eval (CLI)', function () {
  this.timeout(60000);

  it('prints sacreBLEU-style BLEU and chrF lines with signatures', async () => {
    const { code, stdout } = await s2s([
      'eval',
      '--hyp',
      `${FIX}/readme-hyp.txt`,
      '--ref',
      `${FIX}/readme-ref1.txt`,
      '--ref',
      `${FIX}/readme-ref2.txt`,
    ]);
    expect(code).to.equal(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).to.equal('BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)');
    expect(lines[1]).to.match(/signature: nrefs:2\|case:mixed\|eff:no\|tok:13a\|smooth:exp\|version:2\./);
    expect(lines[2]).to.equal('chrF2 = 59.73');
    expect(lines[3]).to.match(/signature: nrefs:2\|case:mixed\|eff:yes\|nc:6\|nw:0\|space:no\|version:2\./);
  });

  it('--json --metrics bleu --lowercase', async () => {
    const { code, stdout } = await s2s([
      'eval',
      '--hyp',
      `${FIX}/readme-hyp.txt`,
      '--ref',
      `${FIX}/readme-ref1.txt`,
      '--ref',
      `${FIX}/readme-ref2.txt`,
      '--json',
      '--metrics',
      'bleu',
      '--lowercase',
    ]);
    expect(code).to.equal(0);
    const results = JSON.parse(stdout) as Array<{
      name: string;
      score: number;
      signature: string;
      details: { hypLen: number };
    }>;
    expect(results.map((r) => r.name)).to.deep.equal(['BLEU']);
    expect(results[0]!.score).to.equal(48.53); // the text is already case-consistent: lowercasing changes nothing
    expect(results[0]!.signature).to.contain('case:lc');
    expect(results[0]!.details.hypLen).to.equal(17);
  });

  it('line-count mismatch exits 1 and names both counts', async () => {
    const { code, stderr } = await s2s(['eval', '--hyp', `${FIX}/readme-hyp.txt`, '--ref', `${FIX}/one-line.txt`]);
    expect(code).to.equal(1);
    expect(stderr).to.match(/has 3 lines.*has 1/);
  });

  it('a UTF-8 byte order mark on the reference (or hypothesis) file is not text: the scores are those without it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 's2s-eval-bom-'));
    try {
      const bom = join(dir, 'ref-bom.txt');
      await writeFile(bom, `\ufeff${await readFile(`${FIX}/readme-ref1.txt`, 'utf8')}`);
      const plain = await s2s(['eval', '--hyp', `${FIX}/readme-hyp.txt`, '--ref', `${FIX}/readme-ref1.txt`]);
      const marked = await s2s(['eval', '--hyp', `${FIX}/readme-hyp.txt`, '--ref', bom]);
      expect(marked.code, marked.stderr).to.equal(0);
      expect(marked.stdout).to.equal(plain.stdout);
      const hypBom = join(dir, 'hyp-bom.txt');
      await writeFile(hypBom, `\ufeff${await readFile(`${FIX}/readme-hyp.txt`, 'utf8')}`);
      expect((await s2s(['eval', '--hyp', hypBom, '--ref', `${FIX}/readme-ref1.txt`])).stdout).to.equal(plain.stdout);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a pipe (process substitution, /dev/stdin): the scores are those of the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 's2s-eval-fifo-'));
    try {
      const fifo = join(dir, 'hyp.fifo');
      await promisify(execFile)('mkfifo', [fifo]);
      const plain = await s2s(['eval', '--hyp', `${FIX}/readme-hyp.txt`, '--ref', `${FIX}/readme-ref1.txt`]);
      const [piped] = await Promise.all([
        s2s(['eval', '--hyp', fifo, '--ref', `${FIX}/readme-ref1.txt`]),
        writeFile(fifo, await readFile(`${FIX}/readme-hyp.txt`)),
      ]);
      expect(piped.code, piped.stderr).to.equal(0);
      expect(piped.stdout).to.equal(plain.stdout);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a file that never ends (/dev/zero) is refused once over the size bound, in one line; a directory at once', async () => {
    const endless = await s2s(['eval', '--hyp', '/dev/zero', '--ref', `${FIX}/readme-ref1.txt`]);
    expect(endless.code).to.equal(1);
    expect(endless.stderr.trim().split('\n')).to.have.length(1);
    expect(endless.stderr).to.match(/hypothesis file \/dev\/zero is over the limit of 268435456 bytes/);
    const dir = await s2s(['eval', '--hyp', FIX, '--ref', `${FIX}/readme-ref1.txt`]);
    expect(dir.code).to.equal(1);
    expect(dir.stderr).to.match(/hypothesis file fixtures\/eval is a directory; give the path of a file/);
  });

  it('unknown metric is a usage error', async () => {
    const { code, stderr } = await s2s([
      'eval',
      '--hyp',
      `${FIX}/readme-hyp.txt`,
      '--ref',
      `${FIX}/readme-ref1.txt`,
      '--metrics',
      'bleu,ter',
    ]);
    expect(code).to.equal(2);
    expect(stderr).to.match(/--metrics must list some of bleu, chrf/);
  });
});
