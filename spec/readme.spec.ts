/** The README's library examples run exactly as written (each ```ts block, from the repository root). */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';

const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README library examples', function () {
  this.timeout(300_000);

  it('has the three examples', () => expect(blocks.length).to.equal(3));

  /** What each example must print: the line count and a pattern every line matches. */
  const expectations: Array<{ lines: number; pattern: RegExp }> = [
    { lines: 2, pattern: /\(-?\d+\.\d\d\) \| .+\(-?\d+\.\d\d\)$/ },
    { lines: 3, pattern: /^\d( .*)?$/ },
    { lines: 1, pattern: /^c b a$/ },
  ];
  blocks.forEach((code, i) => {
    it(`example ${i + 1} runs and prints what it promises`, () => {
      const file = `.readme-example-${i + 1}.ts`; // in the root, so its './lib/…' imports resolve as in the README
      writeFileSync(file, code);
      try {
        const out = execFileSync('node', ['--import', 'tsx', file], { encoding: 'utf8' }).trimEnd().split('\n');
        expect(out, out.join('\n')).to.have.length(expectations[i]!.lines);
        for (const line of out) expect(line).to.match(expectations[i]!.pattern);
      } finally {
        rmSync(file, { force: true });
      }
    });
  });
});
