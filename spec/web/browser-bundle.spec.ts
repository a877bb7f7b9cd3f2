/**
 * The browser entry bundles for `platform: 'browser'` with the web build's esbuild settings, and no module of the
 * bundle is a Node built-in. The same settings must refuse code that does import one (so the check can fail).
 */
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleForBrowser } from '../../web/build/bundle.js';
import { patchSentencePieceSource } from '../../web/build/sentencepiece-browser.js';

const BUILTINS = new Set(builtinModules);

describe('browser bundle (spec/web)', function () {
  this.timeout(120_000);
  let out: string;

  before(async () => {
    out = await mkdtemp(join(tmpdir(), 's2s-bundle-'));
  });
  after(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('bundles lib/browser.ts and the page worker without any Node built-in', async () => {
    const result = await bundleForBrowser({
      entryPoints: { browser: 'lib/browser.ts', worker: 'web/src/worker.ts', page: 'web/src/page.ts' },
      outdir: out,
      minify: false,
    });
    expect(result.errors).to.deep.equal([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.endsWith('lib/browser.ts'))).to.equal(true);
    expect(inputs.some((i) => i.includes('sentencepiece-js'))).to.equal(true);
    const builtins = inputs.filter((i) => i.startsWith('node:') || BUILTINS.has(i.replace(/^node:/, '')));
    expect(builtins).to.deep.equal([]);
    // nothing from the Node-only modules of lib/ reached the bundle
    expect(
      inputs.filter((i) => /lib\/(backend|io\/checkpoint-file|io\/atomic-write|models\/open-translator)\.ts$/.test(i)),
    ).to.deep.equal([]);
  });

  it('refuses code that imports a Node built-in, naming it', async () => {
    const entry = join(out, 'node-only.ts');
    await writeFile(
      entry,
      `import { loadCheckpoint } from '${resolve('lib/io/checkpoint-file.ts')}';\nexport const load = loadCheckpoint;\n`,
    );
    let message = '';
    await bundleForBrowser({ entryPoints: { nodeOnly: entry }, outdir: out }).catch((err: Error) => {
      message = err.message;
    });
    expect(message).to.match(/node:fs\/promises/);
  });

  it('patches sentencepiece-js only when it is the supported version', () => {
    const patched = patchSentencePieceSource(
      "var fs = require('fs');\nx(new (require('u' + 'rl').URL)('file:' + __filename).href, new (require('u' + 'rl').URL)('file:' + __filename).href, new (require('u' + 'rl').URL)('file:' + __filename).href, require('module'));",
    );
    expect(patched).not.to.match(/require\(/);
    expect(() => patchSentencePieceSource("var fs = require('fs');")).to.throw(/sentencepiece-js 1\.1/);
  });
});
