/**
 * The browser entry's `openTranslator` (lib/browser.ts), run under Node (which has `fetch` and `Blob` too): it loads
 * a model from an `ArrayBuffer`, a `Blob` and a URL, translates exactly as the Node entry does, and reports a bad
 * source with a typed error.
 */
import { expect } from 'chai';
import { readFile, mkdtemp, rm, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTranslator, CheckpointError } from '../../lib/browser.js';
import { openTranslator as openFromFile } from '../../lib/models/open-translator.js';
import type { OpenedTranslator } from '../../lib/models/open-translator.js';
import { serveDirectory, type StaticServer } from '../../scripts/web-support/static-server.js';
import { loadCheckpoint, saveCheckpoint } from '../../lib/io/index.js';
import { ensembleCheckpoint, flattenMembers } from '../../lib/models/ensemble-checkpoint.js';

const MODEL = 'fixtures/models/en-es.s2s';
const SOURCES = ['God saw the light.', 'The people answered.'];

async function translate(opened: OpenedTranslator): Promise<string[]> {
  const nBest = await opened.translator.translateBatch(SOURCES.map((s) => opened.sourceTokenizer.encode(s)));
  return nBest.map((list) => opened.targetTokenizer.decode(list[0]!.tokens));
}

describe('lib/browser openTranslator (spec/web)', function () {
  this.timeout(120_000);
  let dir: string;
  let server: StaticServer;
  let expected: string[];

  before(async () => {
    const reference = await openFromFile(MODEL, { backend: 'wasm', decode: { beamSize: 3 } });
    expected = await translate(reference);
    reference.close();
    dir = await mkdtemp(join(tmpdir(), 's2s-model-'));
    await copyFile(MODEL, join(dir, 'model.s2s'));
    server = await serveDirectory(dir);
  });
  after(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads from an ArrayBuffer, a Blob and a URL and translates like the Node entry', async () => {
    const bytes = await readFile(MODEL);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const progress: number[] = [];
    for (const source of [buffer, new Blob([bytes]), `${server.url}model.s2s`]) {
      const opened = await openTranslator(source, {
        backend: 'wasm',
        decode: { beamSize: 3 },
        onProgress: (loaded) => progress.push(loaded),
      });
      try {
        expect(opened.backend).to.match(/^wasm \(WebAssembly/);
        expect(await translate(opened)).to.deep.equal(expected);
      } finally {
        opened.close();
      }
    }
    expect(progress.at(-1)).to.equal(bytes.length);
  });

  it('an ensemble file (the model with itself, `s2s ensemble`) translates like the model', async () => {
    const shipped = { checkpoint: await loadCheckpoint(MODEL), source: MODEL };
    await saveCheckpoint(join(dir, 'ensemble.s2s'), ensembleCheckpoint(flattenMembers([shipped, shipped])));
    const opened = await openTranslator(new Blob([await readFile(join(dir, 'ensemble.s2s'))]), {
      backend: 'wasm',
      decode: { beamSize: 3 },
    });
    try {
      expect(opened.translator.constructor.name).to.equal('EnsembleTranslator');
      expect(await translate(opened)).to.deep.equal(expected);
    } finally {
      opened.close();
    }
  });

  it('rejects a missing URL and bytes that are not a translation model with CheckpointErrors', async () => {
    const missing = await openTranslator(`${server.url}nothing.s2s`, { backend: 'wasm' }).catch((err: unknown) => err);
    expect(missing).to.be.instanceOf(CheckpointError);
    expect((missing as CheckpointError).code).to.equal('E_CHECKPOINT_MISSING');
    expect((missing as Error).message).to.contain('HTTP 404');
    const lm = await openTranslator(new Blob([await readFile('fixtures/models/es-lm.s2s')]), { backend: 'wasm' }).catch(
      (err: unknown) => err,
    );
    expect(lm).to.be.instanceOf(CheckpointError);
    expect((lm as CheckpointError).code).to.equal('E_CHECKPOINT_KIND');
  });
});
