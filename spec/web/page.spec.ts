/**
 * The translation page in real headless Chromium: `s2s web build` makes the site, a loopback static server serves
 * it, and the page must translate held-out dev verses exactly as `s2s translate` does with the same model and
 * options (greedy and beam), without sending any request while it translates.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { buildSite } from '../../web/build/build-site.js';
import { serveDirectory, type StaticServer } from '../../scripts/web-support/static-server.js';
import { launchChromium, type PageGlobals, type RunningChromium } from '../../scripts/web-support/chromium.js';

const MODEL = 'fixtures/models/en-es.s2s';
const DEV = 'fixtures/web/dev-5.en.txt';
/** Page state changes can take a while on a loaded 2-core machine; they never need this long. */
const WAIT_MS = 90_000;

/** `s2s translate` (the real CLI, in a child process) on the dev lines. */
async function cliTranslate(beamSize: number): Promise<string[]> {
  const { stdout } = await promisify(execFile)('sh', [
    '-c',
    `node bin/s2s.js translate -m ${MODEL} --beam-size ${beamSize} --no-progress < ${DEV}`,
  ]);
  return stdout.replace(/\n$/, '').split('\n');
}

async function waitForState(page: Page, states: string[]): Promise<string> {
  await page.waitForFunction(
    (wanted) => wanted.includes((globalThis as unknown as PageGlobals).document.body.dataset['state'] ?? ''),
    states,
    { timeout: WAIT_MS },
  );
  return page.evaluate(() => (globalThis as unknown as PageGlobals).document.body.dataset['state']!);
}

const translationLines = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    (globalThis as unknown as PageGlobals).document.getElementById('translation')!.textContent!.split('\n'),
  );

describe('web page in Chromium (spec/web)', function () {
  this.timeout(240_000);
  let site: string;
  let server: StaticServer;
  let browser: RunningChromium;
  let devLines: string[];
  const expected = new Map<number, Promise<string[]>>();

  before(async () => {
    site = await mkdtemp(join(tmpdir(), 's2s-site-'));
    devLines = (await readFile(DEV, 'utf8')).replace(/\n$/, '').split('\n');
    for (const beam of [1, 5]) expected.set(beam, cliTranslate(beam));
    await buildSite({ model: MODEL, out: site });
    server = await serveDirectory(site);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  for (const beam of [1, 5]) {
    it(`translates dev verses like s2s translate --beam-size ${beam}, with no request to the server`, async () => {
      const page = await browser.context.newPage();
      try {
        await page.goto(`${server.url}?beam=${beam}`);
        expect(await waitForState(page, ['ready', 'error'])).to.equal('ready');
        expect(await page.textContent('#backend')).to.match(/^wasm \(WebAssembly, SIMD on/);
        const requestsWhenReady = server.requests.length;
        await page.fill('#source', devLines.join('\n'));
        expect(await waitForState(page, ['done', 'error'])).to.equal('done');
        const got = await translationLines(page);
        expect(got).to.have.length(devLines.length);
        expect(got).to.deep.equal(await expected.get(beam));
        expect(got.every((line) => line.length > 0)).to.equal(true);
        expect(server.requests.slice(requestsWhenReady), 'requests made while translating').to.deep.equal([]);
        expect(server.requests.every((r) => r.startsWith('GET '))).to.equal(true);
      } finally {
        await page.close();
      }
    });
  }

  it('re-translates only the edited line, keeps the others, and shows its attention and n-best', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${server.url}?beam=1`);
      await waitForState(page, ['ready']);
      await page.fill('#source', devLines.slice(0, 3).join('\n'));
      await waitForState(page, ['done']);
      const before = await translationLines(page);
      expect(await page.getAttribute('#speed', 'data-lines')).to.equal('3');
      const edited = [devLines[0]!, devLines[4]!, devLines[2]!];
      await page.fill('#source', edited.join('\n'));
      expect(await waitForState(page, ['done', 'error'])).to.equal('done');
      expect(await page.getAttribute('#speed', 'data-lines'), 'lines decoded in total').to.equal('4');
      const after = await translationLines(page);
      expect([after[0], after[2]]).to.deep.equal([before[0], before[2]]);
      expect(after[1]).to.equal((await expected.get(1))![4]);
      await page.focus('#translation .line[data-index="1"]');
      await page.keyboard.press('Enter');
      expect(await page.getAttribute('#translation .line[data-index="1"]', 'aria-pressed')).to.equal('true');
      expect(await page.textContent('#details .nbest li')).to.contain(after[1]);
      expect(await page.locator('#details svg rect[fill-opacity]').count()).to.be.greaterThan(10);
    } finally {
      await page.close();
    }
  });

  it('shows an error state when the model cannot be downloaded', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${server.url}?model=${encodeURIComponent(`${server.url}missing.s2s`)}`);
      expect(await waitForState(page, ['ready', 'error'])).to.equal('error');
      expect(await page.textContent('#status')).to.match(/E_CHECKPOINT_MISSING.*HTTP 404/);
    } finally {
      await page.close();
    }
  });
});
