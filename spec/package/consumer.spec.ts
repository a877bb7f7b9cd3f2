/**
 * The package installed from its tarball into a fresh project, used as a stranger would: a plain .mjs importing
 * the package name translates with the shipped model; `npx s2s translate` prints the same; a strict TypeScript file
 * type-checks against the installed .d.ts (skipLibCheck off); the install stays small; the tarball ships no tests.
 */
import { expect } from 'chai';
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { installTypeScript, packedPackage, type PackedPackage } from '../helpers/packed-package.js';

const run = promisify(execFile);
const LINES = ['In the beginning God created the heavens and the earth.', 'The king sent messengers to the city.'];
const MAX_INSTALL_BYTES = 150 * 1024 * 1024;

/** Bytes of all files under `dir` (what `du --apparent-size` counts). */
function treeBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) total += treeBytes(path);
    else if (e.isFile()) total += statSync(path).size;
  }
  return total;
}

describe('the packed package in a fresh project', function () {
  this.timeout(600_000);
  let pkg: PackedPackage;

  before(async () => {
    pkg = await packedPackage();
  });

  it(`installs in ≤ 150 MB of node_modules, without the umbrella tfjs or a native TensorFlow`, () => {
    const bytes = treeBytes(join(pkg.project, 'node_modules'));
    console.log(`      consumer node_modules: ${(bytes / 2 ** 20).toFixed(1)} MiB`);
    expect(bytes).to.be.at.most(MAX_INSTALL_BYTES);
    const tensorflow = readdirSync(join(pkg.project, 'node_modules', '@tensorflow')).sort();
    expect(tensorflow).to.deep.equal(['tfjs-backend-cpu', 'tfjs-backend-wasm', 'tfjs-core']);
  });

  it('ships compiled code, types, the models and the licence, and no tests, sources or configs', () => {
    const files = execFileSync('tar', ['tzf', pkg.tarball], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((f) => f.replace(/^package\//, ''));
    expect(files).to.include.members([
      'dist/lib/index.js',
      'dist/lib/index.d.ts',
      'dist/lib/index.js.map',
      'dist/pipelines/index.js',
      'dist/lib/portable.js',
      'bin/s2s.js',
      'fixtures/models/en-es.s2s',
      'LICENSE',
      'README.md',
    ]);
    const unwanted = files.filter((f) =>
      /^(spec|\.ci|lib|pipelines|scripts|fixtures\/(text|eval|tokenizers|corpus))\/|^\.|^tsconfig|\.spec\.|(?<!\.d)\.ts$/.test(
        f,
      ),
    );
    expect(unwanted).to.deep.equal([]);
  });

  it('a plain .mjs importing openTranslator from the package name translates; npx s2s translate prints the same', async () => {
    const script = [
      "import { fileURLToPath } from 'node:url';",
      "import { openTranslator } from 's2s-rnn';",
      "const opened = await openTranslator(fileURLToPath(import.meta.resolve('s2s-rnn/models/en-es.s2s')), { decode: { beamSize: 2 } });",
      `const nBest = await opened.translator.translateBatch(${JSON.stringify(LINES)}.map((l) => opened.sourceTokenizer.encode(l)));`,
      'for (const list of nBest) console.log(opened.targetTokenizer.decode(list[0].tokens));',
      'opened.close();',
    ].join('\n');
    writeFileSync(join(pkg.project, 'translate.mjs'), script);
    const library = (await run('node', ['translate.mjs'], { cwd: pkg.project })).stdout.trimEnd().split('\n');
    expect(library).to.have.length(LINES.length);
    for (const line of library) expect(line).to.match(/\p{L}{2,}/u);

    const model = join('node_modules', 's2s-rnn', 'fixtures', 'models', 'en-es.s2s');
    const cli = execFileSync('npx', ['--no-install', 's2s', 'translate', '-m', model, '--beam-size', '2', '--quiet'], {
      cwd: pkg.project,
      input: LINES.join('\n') + '\n',
      encoding: 'utf8',
    });
    expect(cli.trimEnd().split('\n')).to.deep.equal(library);
  });

  it('the installed CLI answers --version and --help without loading TensorFlow.js', () => {
    const version = execFileSync('npx', ['--no-install', 's2s', '--version'], {
      cwd: pkg.project,
      encoding: 'utf8',
    }).trim();
    expect(version).to.match(/^\d+\.\d+\.\d+/);
    const help = execFileSync('npx', ['--no-install', 's2s', 'translate', '--help'], {
      cwd: pkg.project,
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'module' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(help).to.contain('--model FILE');
    const loads = execFileSync('node', ['node_modules/s2s-rnn/bin/s2s.js', 'translate', '--help'], {
      cwd: pkg.project,
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'module' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    expect(loads).to.not.match(/@tensorflow/);
  });

  it('a strict TypeScript consumer (nodenext, exactOptionalPropertyTypes, skipLibCheck false) type-checks', async () => {
    await installTypeScript(pkg.project);
    writeFileSync(
      join(pkg.project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          exactOptionalPropertyTypes: true,
          skipLibCheck: false,
          noEmit: true,
        },
        files: ['consumer.ts'],
      }),
    );
    writeFileSync(
      join(pkg.project, 'consumer.ts'),
      [
        "import { fileURLToPath } from 'node:url';",
        "import { from } from 'rxjs';",
        "import { openTranslator, type OpenedTranslator, type BackendName } from 's2s-rnn';",
        "import { translateLines } from 's2s-rnn/pipelines';",
        "import { Seq2Seq, WordTokenizer, corpusBleu } from 's2s-rnn/core';",
        "import { openTranslator as openInBrowser, type ModelSource } from 's2s-rnn/browser';",
        'const inBrowser: ModelSource = new ArrayBuffer(8);',
        'void openInBrowser;',
        "const backend: BackendName = 'wasm';",
        "const opened: OpenedTranslator = await openTranslator(fileURLToPath(import.meta.resolve('s2s-rnn/models/en-es.s2s')), { backend, decode: { beamSize: 2 } });",
        "translateLines(from(['Hello.']), opened, { batch: { maxWait: 5 } }).subscribe((r) => console.log(r.data.ok ? r.data.value.text : r.data.error.code));",
        "const vocab = WordTokenizer.fromTexts(['a b']);",
        'const model = new Seq2Seq({ sourceVocab: vocab.vocabSize, targetVocab: vocab.vocabSize });',
        "console.log(corpusBleu(['a b'], [['a b']]).score);",
        'model.dispose();',
        '// @ts-expect-error: a browser model is a URL, ArrayBuffer or Blob, not a number',
        'await openInBrowser(42);',
        'void inBrowser;',
        '// @ts-expect-error: the options are checked (beamSize is a number)',
        "await openTranslator('x.s2s', { decode: { beamSize: '2' } });",
      ].join('\n'),
    );
    const tsc = await run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json'], { cwd: pkg.project }).then(
      () => '',
      (err: { stdout: string }) => err.stdout,
    );
    expect(tsc).to.equal('');
  });
});
