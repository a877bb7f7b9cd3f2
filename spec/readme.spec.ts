/**
 * The README's library examples run exactly as written (each ```ts block), in a fresh project where the packed
 * package is installed: they import `s2s-rnn` by name, so they exercise the built `dist/`, not the sources. The
 * TypeScript is stripped by the repository's own tsx loader. A strict
 * TypeScript consumer (typescript and @types/node added to that project) also type-checks them against the installed
 * `.d.ts`, under both module resolutions a consumer picks: Node's (node16) and a bundler's.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execFile, execFileSync } from 'node:child_process';
import { installTypeScript, packedPackage } from './helpers/packed-package.js';

const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const TSX = import.meta.resolve('tsx');
const run = promisify(execFile);

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

  for (const [module, moduleResolution] of [
    ['node16', 'node16'],
    ['esnext', 'bundler'],
  ]) {
    it(`the examples type-check (strict, skipLibCheck false, moduleResolution ${moduleResolution})`, async () => {
      const { project } = await packedPackage();
      await installTypeScript(project);
      const files = blocks.map((code, i) => {
        writeFileSync(join(project, `readme-typed-${i + 1}.ts`), code);
        return `readme-typed-${i + 1}.ts`;
      });
      const config = `tsconfig.readme-${moduleResolution}.json`;
      writeFileSync(
        join(project, config),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module,
            moduleResolution,
            strict: true,
            exactOptionalPropertyTypes: true,
            noUncheckedIndexedAccess: true,
            skipLibCheck: false,
            noEmit: true,
          },
          files,
        }),
      );
      const errors = await run('npx', ['--no-install', 'tsc', '-p', config], { cwd: project }).then(
        () => '',
        (err: { stdout: string }) => err.stdout,
      );
      expect(errors).to.equal('');
    });
  }
});
