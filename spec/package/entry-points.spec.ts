/**
 * Every entry point of package.json as a consumer reaches it, in the packed package installed into a fresh project:
 * each `exports` target, `main`, `types` and `bin` is a file in the tarball; the Node entries load both by `import`
 * and by `require` (Node's require(esm)) with the same exports; `s2s-rnn/browser` bundles for browsers from the
 * installed files; the installed CLI reports the package's version and builds the in-browser page without the page
 * sources or esbuild (neither ships).
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundleForBrowser } from '../../web/build/bundle.js';
import { packedPackage, type PackedPackage } from '../helpers/packed-package.js';

const run = promisify(execFile);
/** The entries that run under Node; `./browser` is for bundlers (tfjs-core's browser build has extensionless imports). */
const NODE_ENTRIES = ['s2s-rnn', 's2s-rnn/pipelines', 's2s-rnn/core'];

interface Manifest {
  version: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
}

describe('the packed package: every entry point', function () {
  this.timeout(600_000);
  let pkg: PackedPackage;
  let installed: string;
  let manifest: Manifest;

  before(async () => {
    pkg = await packedPackage();
    installed = join(pkg.project, 'node_modules', 's2s-rnn');
    manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest;
  });

  it('each exports target, main, types and bin is a file of the installed package', () => {
    const targets = Object.values(manifest.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    targets.push(manifest.main, manifest.types, ...Object.values(manifest.bin));
    expect(targets.length).to.be.above(10);
    expect(targets.filter((t) => !existsSync(join(installed, t)))).to.deep.equal([]);
    expect(Object.keys(manifest.exports)).to.include.members(['.', './pipelines', './core', './browser']);
  });

  it('the Node entries load by import and by require, with the same exports', async () => {
    const list = JSON.stringify(NODE_ENTRIES);
    writeFileSync(
      join(pkg.project, 'entries.mjs'),
      `for (const e of ${list}) console.log(e, Object.keys(await import(e)).sort().join(','));\n`,
    );
    writeFileSync(
      join(pkg.project, 'entries.cjs'),
      `for (const e of ${list}) console.log(e, Object.keys(require(e)).sort().join(','));\n`,
    );
    const esm = (await run('node', ['entries.mjs'], { cwd: pkg.project })).stdout.trimEnd().split('\n');
    const cjs = (await run('node', ['entries.cjs'], { cwd: pkg.project })).stdout.trimEnd().split('\n');
    expect(esm).to.have.length(NODE_ENTRIES.length);
    for (const line of esm) expect(line).to.match(/^s2s-rnn\S* \w+(,\w+){10,}$/);
    expect(cjs).to.deep.equal(esm);
    expect(esm[0]).to.match(/\bopenTranslator\b/);
    expect(esm[1]).to.match(/\btranslateLines\b/);
  });

  it('s2s-rnn/browser bundles for browsers from the installed files', async () => {
    writeFileSync(
      join(pkg.project, 'browser-app.js'),
      "import { openTranslator } from 's2s-rnn/browser';\nglobalThis.open = openTranslator;\n",
    );
    const result = await bundleForBrowser({
      entryPoints: { app: join(pkg.project, 'browser-app.js') },
      outdir: join(pkg.project, 'browser-bundle'),
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.endsWith('node_modules/s2s-rnn/dist/lib/browser/open-translator.js'))).to.equal(true);
  });

  it('the installed s2s prints the package version and builds the web page without esbuild or the page sources', async () => {
    const version = (await run('npx', ['--no-install', 's2s', '--version'], { cwd: pkg.project })).stdout.trim();
    expect(version).to.equal(manifest.version);

    expect(() => createRequire(join(installed, 'package.json')).resolve('esbuild')).to.throw(/Cannot find module/);
    expect(existsSync(join(installed, 'web', 'src'))).to.equal(false);
    const model = join('node_modules', 's2s-rnn', 'fixtures', 'models', 'en-es.s2s');
    const { stdout } = await run('npx', ['--no-install', 's2s', 'web', 'build', '-m', model, '-o', 'site'], {
      cwd: pkg.project,
    });
    expect(stdout).to.contain('site written to site');
    for (const file of ['index.html', 'page.js', 'worker.js']) {
      expect(readFileSync(join(pkg.project, 'site', file)), file).to.deep.equal(
        readFileSync(join(installed, 'dist', 'web', file)),
      );
    }
    expect(readFileSync(join(pkg.project, 'site', 'worker.js'), 'utf8')).to.contain('tfjs-backend-wasm');
  });
});
