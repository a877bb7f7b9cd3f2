/**
 * `s2s serve --redis URL` streaming (NDJSON over HTTP and WebSocket) in front of a real `s2s worker` on a real
 * redis-server: every input line yields exactly one record, in order, equal to the in-process local server's (texts,
 * ids and n-best texts exactly, scores to 1e-5 relative: float32 sums depend on how lines are batched), error records
 * in place of bad lines; and a client that goes away mid-stream frees its lines in flight.
 */
import { once } from 'node:events';
import { request } from 'node:http';
import { expect } from 'chai';
import WebSocket from 'ws';
import { WorkerPool } from '../../scripts/workers-support/pool.js';
import { ServeProcess } from '../../scripts/workers-support/serve-process.js';
import type { WorkerProcess } from '../../scripts/workers-support/worker-process.js';
import { startServer, type StartedServer } from '../server/start-server.js';

type NdjsonRecord = Record<string, unknown> & { id: unknown };

/** The NDJSON body, as sent: plain records, a bigint id, an unparsable line, a line over `--max-chars` (5,000). */
const BODY = [
  '{"id":"a","text":"In the beginning."}',
  '{"id":12345678901234567890,"text":"The people answered."}',
  '{oops',
  '{"id":"empty","text":""}',
  JSON.stringify({ id: 'long', text: 'a '.repeat(3000) }),
  '{"id":"b","text":"His son went out today."}',
].join('\n');

/** The ids of BODY's lines as a JSON parser without bigint support sees them, and the error codes expected. */
const IDS = ['a', Number('12345678901234567890'), 2, 'empty', 'long', 'b'];
const ERRORS: Record<number, string> = { 2: 'E_INPUT_INVALID', 4: 'E_LINE_TOO_LONG' };

/** Posts BODY to the NDJSON endpoint; the raw response lines. */
async function ndjson(url: string, query: string): Promise<string[]> {
  const response = await fetch(`${url}/v1/translate/stream?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: BODY,
  });
  expect(response.status).to.equal(200);
  return (await response.text()).trim().split('\n');
}

/** Sends BODY's lines as WebSocket messages; the raw answers. */
async function webSocket(url: string, query: string): Promise<string[]> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/v1/stream?${query}`);
  await once(socket, 'open');
  const lines = BODY.split('\n');
  const answers: string[] = [];
  const all = new Promise<void>((resolve) =>
    socket.on('message', (data) => {
      answers.push(String(data));
      if (answers.length === lines.length) resolve();
    }),
  );
  for (const line of lines) socket.send(line);
  await all;
  socket.close();
  return answers;
}

/** Asserts one record per line, in order, with errors in place, each equal to the local server's. */
function expectSameRecords(remote: string[], local: string[]): void {
  expect(remote).to.have.length(IDS.length);
  expect(local).to.have.length(IDS.length);
  // the bigint id keeps its exact digits on both
  expect(remote[1]).to.match(/^\{"id":12345678901234567890,/);
  remote.forEach((line, i) => {
    const [there, here] = [JSON.parse(line), JSON.parse(local[i]!)] as [NdjsonRecord, NdjsonRecord];
    expect(there.id, `line ${i}`).to.equal(IDS[i]);
    if (ERRORS[i] !== undefined) {
      expect(there, `line ${i}`).to.have.nested.property('error.code', ERRORS[i]);
      expect(there).to.deep.equal(here);
      return;
    }
    expect(there['translation'], `line ${i}`).to.equal(here['translation']);
    const texts = (r: NdjsonRecord) => (r['nbest'] as { text: string }[]).map((n) => n.text);
    expect(texts(there), `line ${i}`).to.deep.equal(texts(here));
    expect(there['tokens'], `line ${i}`).to.equal(here['tokens']);
    const score = here['score'] as number;
    expect(there['score'] as number, `line ${i}`).to.be.closeTo(score, 1e-5 * Math.max(1, Math.abs(score)));
  });
}

/** `/ready`'s count of lines in flight. */
async function queued(url: string): Promise<number> {
  return ((await (await fetch(`${url}/ready`)).json()) as { queued: number }).queued;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('s2s serve --redis: NDJSON and WebSocket streaming through the worker pool', function () {
  this.timeout(180_000);
  const pool = new WorkerPool();
  let local: StartedServer;
  let remote: ServeProcess;
  let worker: WorkerProcess;

  before(async () => {
    await pool.setUp();
    [local, worker] = await Promise.all([startServer(), pool.startWorker('w1')]);
    remote = await ServeProcess.start(pool.url, ['--beam-size', '1']);
    pool.onTearDown(async () => {
      worker.kill('SIGCONT');
      remote.kill('SIGKILL');
      await remote.exited;
      await local.app.close();
    });
    await remote.ready(['en-es']);
  });
  after(() => pool.tearDown());

  it('streams NDJSON as the local server does: one record per line, in order, errors in place', async () => {
    for (const query of ['source=en&target=es', 'target=es&beam-size=3&n-best=2']) {
      const [there, here] = await Promise.all([ndjson(remote.url, query), ndjson(local.url, query)]);
      expectSameRecords(there, here);
    }
  });

  it('streams over WebSocket as the local server does', async () => {
    const query = 'target=es&beam-size=2&n-best=2';
    const [there, here] = await Promise.all([webSocket(remote.url, query), webSocket(local.url, query)]);
    expectSameRecords(there, here);
  });

  it('frees the lines of a client that goes away mid-stream (NDJSON and WebSocket)', async () => {
    worker.kill('SIGSTOP'); // the lines stay in flight
    try {
      const req = request(`${remote.url}/v1/translate/stream?target=es`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
      });
      req.on('error', () => undefined);
      req.write('In the beginning.\nThe people answered.\nGod saw the light.\n');
      await until(async () => (await queued(remote.url)) === 3, 'three NDJSON lines in flight');
      req.destroy();
      await until(async () => (await queued(remote.url)) === 0, 'the NDJSON lines freed');

      const socket = new WebSocket(`${remote.url.replace('http', 'ws')}/v1/stream?target=es`);
      await once(socket, 'open');
      for (const text of ['In the beginning.', 'The people answered.']) socket.send(JSON.stringify({ text }));
      await until(async () => (await queued(remote.url)) === 2, 'two WebSocket lines in flight');
      socket.terminate();
      await until(async () => (await queued(remote.url)) === 0, 'the WebSocket lines freed');
    } finally {
      worker.kill('SIGCONT');
    }
    // the pool still answers
    const [there, here] = await Promise.all([ndjson(remote.url, 'target=es'), ndjson(local.url, 'target=es')]);
    expectSameRecords(there, here);
  });
});
