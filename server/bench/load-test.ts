/**
 * Load test of `s2s serve` (a child process) with autocannon: LibreTranslate `POST /translate` requests of one
 * sentence each at 1, 8 and 64 concurrent connections; throughput (sentences/s) and p50/p99 latency; and, as the
 * cost of the HTTP layer, the ratio to an in-process `TranslationService` translating the same sentences with the
 * same number of concurrent callers (each caller awaiting its sentence, like an HTTP client) and the same options.
 *
 *   node --import tsx server/bench/load-test.ts [--duration 10] [--connections 1,8,64] [--beam-size 1] [--json FILE]
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { lastValueFrom, toArray } from 'rxjs';
import { useBackend } from '../../lib/backend.js';
import { loadSeq2Seq } from '../../lib/models/model-checkpoint.js';
import { Seq2SeqTranslator } from '../../lib/models/seq2seq-translator.js';
import { TranslationService } from '../../pipelines/translation-service.js';

const MODEL = 'fixtures/models/en-es.s2s';
const SENTENCES = [
  'In the beginning.',
  'The people answered.',
  'God saw the light.',
  'He went up to the mountain.',
  'The king sent messengers to the city.',
  'They gave him bread and water.',
  'She said to her son.',
  'The day was good.',
  'He spoke to the people.',
  'The men went out of the house.',
  'And it was evening.',
  'The water covered the earth.',
  'My brother is here.',
  'They walked all night.',
  'The child was born.',
  'Hear my words.',
];
const MAX_WAIT = 20;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1,8,64' },
    'beam-size': { type: 'string', default: '1' },
    json: { type: 'string' },
  },
});
const duration = Number(args.duration);
const levels = args.connections.split(',').map(Number);
const beamSize = args['beam-size'];

/** Starts `s2s serve` on a free port; resolves with its URL and a stop function. */
async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      'bin/s2s.js',
      'serve',
      '--model',
      MODEL,
      '--port',
      '0',
      '--quiet',
      '--beam-size',
      beamSize,
      '--max-wait',
      String(MAX_WAIT),
      '--max-queue',
      '4096',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /on (http:\/\/[\d.]+:\d+)/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`s2s serve exited ${code}: ${stderr}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Figures {
  connections: number;
  sentencesPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/** autocannon at `connections`: one sentence per request, cycling through SENTENCES. */
async function measureServer(url: string, connections: number): Promise<Figures> {
  let next = 0;
  const result = await autocannon({
    url: `${url}/translate`,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ q: SENTENCES[next++ % SENTENCES.length], source: 'en', target: 'es' }),
        }),
      },
    ],
  });
  return {
    connections,
    sentencesPerSecond: result.requests.total / duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** The same sentences through an in-process TranslationService, `callers` awaiting one sentence at a time. */
async function measureInProcess(service: TranslationService, callers: number): Promise<number> {
  const end = performance.now() + duration * 1000;
  let done = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        await lastValueFrom(service.translate([SENTENCES[next++ % SENTENCES.length]!]).pipe(toArray()));
        done++;
      }
    }),
  );
  return done / duration;
}

const server = await startServer();
for (let i = 0; i < 4; i++)
  await fetch(`${server.url}/translate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ q: SENTENCES, source: 'en', target: 'es' }),
  });
const serverFigures: Figures[] = [];
for (const c of levels) serverFigures.push(await measureServer(server.url, c));
await server.stop();

const backend = await useBackend('auto');
const loaded = await loadSeq2Seq(MODEL);
const service = new TranslationService(
  new Seq2SeqTranslator(loaded.model, { beamSize: Number(beamSize) }),
  { source: loaded.source, target: loaded.target },
  { batch: { maxTokens: 2048, maxSentences: 64, maxWait: MAX_WAIT } },
);
await measureInProcess(service, 8); // warm-up
const rows = [];
for (const figures of serverFigures) {
  const inProcess = await measureInProcess(service, figures.connections);
  rows.push({ ...figures, inProcess, ratio: figures.sentencesPerSecond / inProcess });
}
service.close();
loaded.model.dispose();

console.log(
  `s2s serve load test: ${MODEL}, beam ${beamSize}, max-wait ${MAX_WAIT} ms, ${duration} s per level, backend ${backend.name}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  '| clients | server sentences/s | p50 ms | p99 ms | errors | in-process sentences/s | server / in-process |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows)
  console.log(
    `| ${r.connections} | ${r.sentencesPerSecond.toFixed(1)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.inProcess.toFixed(1)} | ${r.ratio.toFixed(2)} |`,
  );
if (args.json !== undefined)
  writeFileSync(args.json, `${JSON.stringify({ beamSize, duration, loadavg: loadavg(), rows }, null, 2)}\n`);
