/**
 * Bounded under load, over real loopback HTTP: a full queue refuses with 503 + Retry-After while every accepted
 * request is answered completely and correctly; streams' lines wait for room instead of growing the queue past its
 * capacity; a client that disconnects frees its queued sentences; the number of decoding-option services stays
 * bounded.
 */
import { once } from 'node:events';
import { expect } from 'chai';
import WebSocket from 'ws';
import { postJson, startServer, type StartedServer } from './start-server.js';

const LINES = ['In the beginning.', 'The people answered.'];

describe('server: overload and cancellation', () => {
  let server: StartedServer;
  before(async () => {
    // a long batching window keeps sentences queued while the burst arrives
    server = await startServer({
      backend: { maxQueue: 6, maxServices: 2, batch: { maxTokens: 2048, maxSentences: 64, maxWait: 1500 } },
      limits: { retryAfter: 3 },
    });
  });
  after(async () => server.app.close());

  it('answers 503 with Retry-After when the queue is full, and loses no accepted request', async () => {
    const expected = (await postJson(`${server.url}/v1/translate`, { target: 'es', lines: LINES })).body.results.map(
      (r: { translation: string }) => r.translation,
    );
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => postJson(`${server.url}/v1/translate`, { target: 'es', lines: LINES })),
    );
    const accepted = burst.filter((r) => r.status === 200);
    const refused = burst.filter((r) => r.status !== 200);
    expect(accepted.length).to.equal(3); // 3 × 2 sentences fill the queue of 6
    for (const r of refused) {
      expect(r.status).to.equal(503);
      expect(r.headers.get('retry-after')).to.equal('3');
      expect(r.body.error).to.match(/server busy/);
    }
    for (const r of accepted)
      expect(r.body.results.map((x: { translation: string }) => x.translation)).to.deep.equal(expected);
    expect(server.backend.load().queued).to.equal(0);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).to.match(/s2s_requests_rejected_total 5/);
  });

  it('answers 413, not 503, to a request with more lines than the whole queue holds (retrying cannot help)', async () => {
    const { status, headers, body } = await postJson(`${server.url}/v1/translate`, {
      target: 'es',
      lines: Array.from({ length: 7 }, () => LINES[0]),
    });
    expect(status).to.equal(413);
    expect(headers.get('retry-after')).to.equal(null);
    expect(body.code).to.equal('E_TOO_MANY_LINES');
    expect(body.error).to.match(/7, and this server queues at most 6/);
  });

  it('frees the queued sentences of a client that disconnects', async () => {
    const decoded = async (): Promise<number> =>
      (await server.metrics.sentences.get()).values.reduce((sum, v) => sum + v.value, 0);
    const before = await decoded();
    const controller = new AbortController();
    const pending = fetch(`${server.url}/v1/translate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ target: 'es', lines: LINES }),
      signal: controller.signal,
    }).catch((err: Error) => err);
    while (server.backend.load().queued === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(server.backend.load().queued).to.equal(2);
    controller.abort();
    expect(await pending).to.be.instanceOf(Error);
    while (server.backend.load().queued !== 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // freed before its batch window (1.5 s) closed: after the window, still nothing was decoded for it
    await new Promise((resolve) => setTimeout(resolve, 1700));
    expect(await decoded()).to.equal(before);
  });

  it('keeps streams within the queue capacity: their lines wait for room, none is lost', async () => {
    const stream = async (i: number) => {
      const response = await fetch(`${server.url}/v1/translate/stream?target=es`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: Array.from({ length: 4 }, (_, k) => `The people answered ${i} ${k}.`).join('\n'),
      });
      if (response.status !== 200) return { status: response.status, retryAfter: response.headers.get('retry-after') };
      const records = (await response.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: number; translation?: string });
      return { status: 200, records };
    };
    let most = 0;
    let done = false;
    const watch = (async () => {
      while (!done) {
        most = Math.max(most, server.backend.load().queued);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const answers = await Promise.all([0, 1, 2].map(stream)).finally(() => (done = true));
    await watch;
    expect(most, 'most sentences queued at once').to.be.within(1, 6); // 3 streams × 4 lines would be 12
    // a stream that finds the queue full is refused at once; an admitted one answers every line
    expect(answers.filter((a) => a.records !== undefined).length).to.be.at.least(2);
    for (const answer of answers) {
      if (answer.records === undefined) {
        expect(answer).to.deep.equal({ status: 503, retryAfter: '3' });
        continue;
      }
      expect(answer.records.map((r) => r.id)).to.deep.equal([0, 1, 2, 3]);
      for (const r of answer.records) expect(r.translation).to.be.a('string').and.not.equal('');
    }
  });

  it('refuses a WebSocket session while the queue is full (close 1013) and counts it as rejected', async () => {
    const rejected = async () => (await server.metrics.rejected.get()).values[0]?.value ?? 0;
    const before = await rejected();
    const filling = [0, 1, 2].map(() => postJson(`${server.url}/v1/translate`, { target: 'es', lines: LINES }));
    while (server.backend.load().queued < 6) await new Promise((resolve) => setTimeout(resolve, 5));
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/v1/stream?target=es`);
    const message = once(socket, 'message').then(([data]) => JSON.parse(String(data)) as Record<string, unknown>);
    const [code] = (await once(socket, 'close')) as [number];
    expect(code).to.equal(1013);
    expect(await message).to.have.nested.property('error.code', 'E_OVERLOADED');
    expect(await rejected()).to.equal(before + 1);
    for (const answer of await Promise.all(filling)) expect(answer.status).to.equal(200);
  });

  it('keeps at most maxServices option sets, refusing a new one while all are busy', async () => {
    const slow = (beamSize: number) =>
      postJson(`${server.url}/v1/translate`, { target: 'es', lines: ['x'], options: { beamSize } });
    const [a, b] = [slow(2), slow(3)];
    while (server.backend.load().queued < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const third = await slow(4);
    expect(third.status).to.equal(503);
    expect(third.body.error).to.match(/2 different decoding option sets/);
    expect((await a).status).to.equal(200);
    expect((await b).status).to.equal(200);
    expect((await slow(4)).status).to.equal(200); // an idle service made room
  });
});
