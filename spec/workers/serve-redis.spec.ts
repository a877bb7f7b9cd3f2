/**
 * `s2s serve --redis URL` (a real child process, no model of its own) in front of two real `s2s worker`s on a real
 * redis-server, asked over HTTP: every answer must equal the in-process local server's (same model, same defaults,
 * same request options), the pairs must be the workers', a pool that does not answer must give 503 within
 * `--redis-timeout`, `/ready` must follow Redis, and SIGTERM must finish the requests already accepted.
 *
 * "Equal": texts, n-best lists, token counts, ids and hard alignments exactly; scores, log-probabilities and soft
 * alignments to 1e-5 relative, because float32 sums depend on how lines happen to be batched together (the local
 * server, too, gives a line slightly different scores in different batches).
 */
import { expect } from 'chai';
import { WorkerPool } from '../../scripts/workers-support/pool.js';
import { ServeProcess } from '../../scripts/workers-support/serve-process.js';
import type { WorkerProcess } from '../../scripts/workers-support/worker-process.js';
import { postJson, startServer, type StartedServer } from '../server/start-server.js';

const LONG =
  Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'The light was good' : 'and the water')).join(' ') + '.';
const LINES = ['In the beginning.', 'The light was good.', '', 'His son went out today.', LONG, 'The people answered.'];

/** Asserts `actual` equals `expected`, non-integer numbers to 1e-5 relative (path names the first difference). */
function expectSameAnswer(actual: unknown, expected: unknown, path = '$'): void {
  if (
    typeof expected === 'number' &&
    typeof actual === 'number' &&
    !(Number.isInteger(expected) && Number.isInteger(actual))
  ) {
    expect(actual, path).to.be.closeTo(expected, 1e-5 * Math.max(1, Math.abs(expected)));
  } else if (Array.isArray(expected)) {
    expect(actual, path).to.be.an('array').with.length(expected.length);
    expected.forEach((e, i) => expectSameAnswer((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (typeof expected === 'object' && expected !== null) {
    expect(actual, path).to.be.an('object');
    expect(Object.keys(actual as object).sort(), path).to.deep.equal(Object.keys(expected).sort());
    for (const [key, e] of Object.entries(expected))
      expectSameAnswer((actual as Record<string, unknown>)[key], e, `${path}.${key}`);
  } else {
    expect(actual, path).to.deep.equal(expected);
  }
}

/** GETs JSON. */
async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Polls `/ready` until its status is `status`. */
async function readyStatus(url: string, status: number): Promise<Record<string, unknown>> {
  for (;;) {
    const answer = await getJson(`${url}/ready`);
    if (answer.status === status) return answer.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('s2s serve --redis: the HTTP server in front of the worker pool', function () {
  this.timeout(180_000);
  const pool = new WorkerPool(true);
  let local: StartedServer;
  let remote: ServeProcess;
  /** A second front end (several may share a pool) with a short `--redis-timeout`; started by the 503 test. */
  let impatient: ServeProcess;
  let workers: WorkerProcess[];

  before(async () => {
    await pool.setUp();
    [local, ...workers] = await Promise.all([startServer(), pool.startWorker('w1'), pool.startWorker('w2')]);
    remote = await ServeProcess.start(pool.url, ['--beam-size', '1']);
    pool.onTearDown(async () => {
      remote.kill('SIGKILL');
      await remote.exited;
      await local.app.close();
    });
    await remote.ready(['en-es']);
  });
  after(() => pool.tearDown());

  it('lists the pairs the workers advertise (/languages, /v1/pairs) and says Redis is connected', async () => {
    expect((await getJson(`${remote.url}/languages`)).body).to.deep.equal(
      (await getJson(`${local.url}/languages`)).body,
    );
    const pairs = (await getJson(`${remote.url}/v1/pairs`)).body;
    expect(pairs['pairs']).to.deep.equal([{ source: 'en', target: 'es', lm: false }]);
    expect(pairs).to.deep.equal((await getJson(`${local.url}/v1/pairs`)).body);
    expect((await getJson(`${remote.url}/health`)).body).to.deep.equal({ status: 'ok', redis: 'connected' });
  });

  it('answers LibreTranslate /translate as the local server does', async () => {
    const bodies = [
      { q: 'In the beginning.', source: 'en', target: 'es' },
      { q: [LINES.join('\n'), 'The king spoke.'], source: 'auto', target: 'es', alternatives: 2 },
    ];
    for (const body of bodies) {
      const [here, there] = await Promise.all([
        postJson(`${local.url}/translate`, body),
        postJson(`${remote.url}/translate`, body),
      ]);
      expect(there.status, JSON.stringify(there.body)).to.equal(200);
      expectSameAnswer(there.body, here.body);
    }
  });

  it('answers /v1/translate as the local server does, with the request options (beam, n-best, alignments)', async () => {
    const optionSets = [
      {},
      { beamSize: 3, nBest: 3, alignment: 'soft' },
      { beamSize: 2, nBest: 2, alignment: 'hard', lengthPenalty: 'wu', alpha: 1 },
      { beamSize: 4, noRepeatNgramSize: 2, maxLength: 6 },
    ];
    for (const options of optionSets) {
      const body = { source: 'en', target: 'es', lines: LINES, options };
      const [here, there] = await Promise.all([
        postJson(`${local.url}/v1/translate`, body),
        postJson(`${remote.url}/v1/translate`, body),
      ]);
      expect(there.status, JSON.stringify(there.body)).to.equal(200);
      expect(there.body.results).to.have.length(LINES.length);
      expectSameAnswer(there.body, here.body, JSON.stringify(options));
    }
  });

  it('refuses a pair no worker serves (400) and answers 503 E_NO_WORKER when the pool does not answer in time', async () => {
    const unserved = await postJson(`${remote.url}/translate`, { q: 'Hello.', source: 'en', target: 'fr' });
    expect(unserved.status).to.equal(400);
    expect(unserved.body.code).to.equal('E_PAIR_UNSUPPORTED');
    impatient = await ServeProcess.start(pool.url, ['--beam-size', '1', '--redis-timeout', '2000']);
    pool.onTearDown(() => impatient.kill('SIGKILL'));
    await impatient.ready(['en-es']);
    for (const w of workers) w.kill('SIGSTOP');
    try {
      const started = Date.now();
      const stuck = await postJson(`${impatient.url}/v1/translate`, { target: 'es', lines: ['The water was good.'] });
      expect(Date.now() - started).to.be.within(1500, 10_000);
      expect(stuck.status).to.equal(503);
      expect(stuck.body.code).to.equal('E_NO_WORKER');
      expect(stuck.headers.get('retry-after')).to.equal('1');
      expect(stuck.body.error).to.match(/no worker answered for 2000 ms/);
    } finally {
      for (const w of workers) w.kill('SIGCONT');
    }
    expect(
      (await postJson(`${impatient.url}/v1/translate`, { target: 'es', lines: ['The water was good.'] })).status,
    ).to.equal(200);
  });

  it('is not ready while Redis is down, and ready again when it is back', async () => {
    await pool.server.stop();
    const down = await readyStatus(remote.url, 503);
    expect(down['redis']).to.match(/^not connected/);
    expect((await getJson(`${remote.url}/health`)).status, 'the process itself is alive').to.equal(200);
    await pool.server.restart();
    expect((await readyStatus(remote.url, 200))['redis']).to.equal('connected');
  });

  it('SIGTERM finishes the accepted requests (answers as local), then exits 0', async () => {
    // Stopped workers hold the requests in Redis, so they are surely in flight when the signal comes.
    for (const w of workers) w.kill('SIGSTOP');
    const bodies = [0, 1, 2].map((i) => ({
      target: 'es',
      lines: [`The people answered ${i}.`, ...LINES.slice(0, 4)],
      options: { beamSize: 2, nBest: 2 },
    }));
    let answers: ReturnType<typeof postJson>[];
    try {
      answers = bodies.map((body) => postJson(`${remote.url}/v1/translate`, body));
      for (;;) {
        const ready = await getJson(`${remote.url}/ready`);
        if (Number(ready.body['queued']) >= 15) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      remote.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(
        await fetch(`${remote.url}/health`).then(
          () => 'answered',
          () => 'refused',
        ),
        'no new connections after SIGTERM',
      ).to.equal('refused');
    } finally {
      for (const w of workers) w.kill('SIGCONT');
    }
    const expected = await Promise.all(bodies.map((body) => postJson(`${local.url}/v1/translate`, body)));
    const got = await Promise.all(answers);
    expect(got.map((a) => a.status)).to.deep.equal([200, 200, 200]);
    expectSameAnswer(
      got.map((a) => a.body),
      expected.map((a) => a.body),
    );
    expect(await remote.exited, remote.log).to.equal(0);
    expect(remote.log).to.match(/SIGTERM: no new requests[\s\S]*all requests answered/);
  });

  it('loses the pairs when their workers stop (SIGTERM withdraws the adverts): 503 E_NO_PAIRS, not ready', async () => {
    for (const w of workers) w.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).to.deep.equal([0, 0]);
    const notReady = await readyStatus(impatient.url, 503);
    expect(notReady['pairs']).to.deep.equal([]);
    expect((await getJson(`${impatient.url}/languages`)).body).to.deep.equal([]);
    const refused = await postJson(`${impatient.url}/translate`, {
      q: 'In the beginning.',
      source: 'en',
      target: 'es',
    });
    expect(refused.status).to.equal(503);
    expect(refused.body.code).to.equal('E_NO_PAIRS');
  });
});
