/**
 * The README's library examples run exactly as written (each ```ts block), in a fresh project where the packed
 * package is installed: they import `s2s-rnn` by name, so they exercise the built `dist/`, not the sources. The
 * TypeScript is stripped by the repository's own tsx loader; the consumer project itself has no dev tools.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packedPackage } from './helpers/packed-package.js';

const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const TSX = import.meta.resolve('tsx');

describe('README library examples (against the packed package)', function () {
  this.timeout(600_000);

  it('has the four examples, each importing the package by name', () => {
    expect(blocks.length).to.equal(4);
    for (const code of blocks) {
      expect(code).to.match(/from 's2s-rnn(\/pipelines)?'/);
      expect(code).to.not.match(/from '\.{1,2}\//);
    }
  });

  /** What each example must print: the line count and a pattern every line matches. */
  const expectations: Array<{ lines: number; pattern: RegExp }> = [
    { lines: 2, pattern: /\(-?\d+\.\d\d\) \| .+\(-?\d+\.\d\d\)$/ },
    { lines: 3, pattern: /^\d( .*)?$/ },
    { lines: 1, pattern: /^c b a$/ },
    { lines: 2, pattern: /^(Y .+|averaged \d+ tensors at step \d+)$/ },
  ];
  blocks.forEach((code, i) => {
    it(`example ${i + 1} runs and prints what it promises`, async () => {
      const { project } = await packedPackage();
      const file = join(project, `readme-example-${i + 1}.ts`);
      writeFileSync(file, code);
      const out = execFileSync('node', ['--import', TSX, file], { cwd: project, encoding: 'utf8' })
        .trimEnd()
        .split('\n');
      expect(out, out.join('\n')).to.have.length(expectations[i]!.lines);
      for (const line of out) expect(line).to.match(expectations[i]!.pattern);
    });
  });
});
