/**
 * Tokens/s of the in-browser page (headless Chromium, wasm backend, in its Web Worker) next to Node's (the same
 * pipeline, in process) for the same model, lines and beam size. Both warm up on one line first; times cover decoding
 * only (not model loading). Optionally saves a screenshot of the page with a line selected.
 *
 *   node --import tsx scripts/web-speed.ts [--lines FILE] [--n 50] [--beam 1,5] [--screenshot docs/web-page.png]
 *
 * Default lines: the first N English sentences of ../shared/data/bible/web-rv1909.dev.tsv.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { from, lastValueFrom, toArray } from 'rxjs';
import { openTranslator } from '../lib/models/open-translator.js';
import { translateLines } from '../pipelines/translate-lines.js';
import { buildSite } from '../web/build/build-site.js';
import { serveDirectory } from './web-support/static-server.js';
import { launchChromium, type PageGlobals } from './web-support/chromium.js';

const MODEL = 'fixtures/models/en-es.s2s';
const { values } = parseArgs({
  options: {
    lines: { type: 'string' },
    n: { type: 'string', default: '50' },
    beam: { type: 'string', default: '1,5' },
    screenshot: { type: 'string' },
  },
});
const n = Number(values.n);
const text = values.lines
  ? await readFile(values.lines, 'utf8')
  : (await readFile('../shared/data/bible/web-rv1909.dev.tsv', 'utf8'))
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[1] ?? '')
      .join('\n');
const lines = text
  .split('\n')
  .filter((l) => l.trim() !== '')
  .slice(0, n + 1);
const [warmUp, measured] = [lines[0]!, lines.slice(1)];
const beams = values.beam.split(',').map(Number);

async function nodeSpeed(beamSize: number): Promise<number> {
  const opened = await openTranslator(MODEL, { backend: 'wasm', decode: { beamSize } });
  try {
    const run = async (input: string[]): Promise<{ tokens: number; seconds: number }> => {
      const started = performance.now();
      const results = await lastValueFrom(
        translateLines(from(input), opened, { batch: { maxSentences: 4, maxWait: 0 } }).pipe(toArray()),
      );
      const tokens = results.reduce((s, r) => s + (r.data.ok ? r.data.value.tokens : 0), 0);
      return { tokens, seconds: (performance.now() - started) / 1000 };
    };
    await run([warmUp]);
    const { tokens, seconds } = await run(measured);
    return tokens / seconds;
  } finally {
    opened.close();
  }
}

const site = await mkdtemp(join(tmpdir(), 's2s-site-'));
await buildSite({ model: MODEL, out: site });
const server = await serveDirectory(site);
const browser = await launchChromium();
try {
  for (const beam of beams) {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}?beam=${beam}`);
    const state = (wanted: string): Promise<unknown> =>
      page.waitForFunction((w) => (globalThis as unknown as PageGlobals).document.body.dataset['state'] === w, wanted, {
        timeout: 600_000,
      });
    await state('ready');
    await page.fill('#source', warmUp);
    await state('done');
    const totals = async (): Promise<[number, number]> => [
      Number(await page.getAttribute('#speed', 'data-tokens')),
      Number(await page.getAttribute('#speed', 'data-seconds')),
    ];
    const [t0, s0] = await totals();
    await page.fill('#source', [warmUp, ...measured].join('\n'));
    await state('done');
    const [t1, s1] = await totals();
    const browserRate = (t1 - t0) / (s1 - s0);
    const nodeRate = await nodeSpeed(beam);
    console.log(
      `beam ${beam}, ${measured.length} lines, ${t1 - t0} target tokens: Chromium ${browserRate.toFixed(1)} tokens/s, Node ${nodeRate.toFixed(1)} tokens/s (ratio ${(browserRate / nodeRate).toFixed(2)}); backend in Chromium: ${await page.textContent('#backend')}`,
    );
    if (values.screenshot && beam === beams[beams.length - 1]) {
      await page.setViewportSize({ width: 1000, height: 860 });
      await page.goto(`${server.url}?beam=5&nbest=3`);
      await state('ready');
      const short = [...measured].sort((a, b) => a.length - b.length).slice(0, 4);
      await page.fill('#source', short.join('\n'));
      await state('done');
      await page.click('#translation .line[data-index="0"]');
      await page.screenshot({ path: values.screenshot });
      console.log(`screenshot: ${values.screenshot}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
  await rm(site, { recursive: true, force: true });
}
