/**
 * The limits on streams (server/stream-sessions.ts, server/idle-timer.ts) over real loopback sockets: a stream whose
 * client goes silent with nothing in flight is closed after `streamIdleTimeout` with an `E_IDLE_TIMEOUT` record, not
 * while a line of it is being translated; a stream past `maxStreams` is refused (503 + Retry-After, WebSocket close
 * 1013) and admitted again once one has closed.
 */
import { request, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { expect } from 'chai';
import WebSocket from 'ws';
import { startServer, type StartedServer } from './start-server.js';

const IDLE = 300;

interface StreamRecord {
  id?: unknown;
  translation?: string;
  error?: { code: string; message: string };
}

/** An NDJSON stream left open: its response, the records read so far, and when the response ended. */
async function openNdjson(
  server: StartedServer,
  firstLine: string,
): Promise<{ res: IncomingMessage; records: () => StreamRecord[]; ended: Promise<number> }> {
  const req = request(`${server.url}/v1/translate/stream?target=es`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
  });
  req.on('error', () => undefined);
  const response = once(req, 'response');
  const started = Date.now();
  req.write(firstLine);
  const [res] = (await response) as [IncomingMessage];
  res.setEncoding('utf8');
  let text = '';
  res.on('data', (chunk: string) => (text += chunk));
  const ended = once(res, 'end').then(() => Date.now() - started);
  const records = (): StreamRecord[] =>
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as StreamRecord);
  return { res, records, ended };
}

/** A WebSocket session, the messages it got, and its close code and ms after opening. */
async function openSocket(
  server: StartedServer,
): Promise<{ socket: WebSocket; messages: StreamRecord[]; closed: Promise<{ code: number; ms: number }> }> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/v1/stream?target=es`);
  const messages: StreamRecord[] = [];
  socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as StreamRecord));
  const started = Date.now();
  const closed = once(socket, 'close').then(([code]) => ({ code: code as number, ms: Date.now() - started }));
  await Promise.race([once(socket, 'open'), closed]);
  return { socket, messages, closed };
}

describe('server: stream idle timeout', function () {
  let server: StartedServer;
  // a sentence waits up to 1 s for its batch to fill: a line in flight longer than the idle timeout
  before(async () => {
    server = await startServer({
      limits: { streamIdleTimeout: IDLE },
      backend: { batch: { maxTokens: 2048, maxSentences: 64, maxWait: 1000 } },
    });
  });
  after(async () => server.app.close());

  it('answers an NDJSON stream’s line, then ends the silent stream with E_IDLE_TIMEOUT', async () => {
    const { records, ended } = await openNdjson(server, 'In the beginning.\n');
    const ms = await ended;
    // the line waited ~1 s in its batch (more than the timeout) and was answered; then IDLE of silence
    expect(ms).to.be.at.least(1000 + IDLE - 50);
    const [answer, last, ...rest] = records();
    expect(answer?.translation).to.be.a('string').and.not.equal('');
    expect(last?.error?.code).to.equal('E_IDLE_TIMEOUT');
    expect(last?.error?.message).to.match(/no line came for 300 ms.*answering 1 lines/);
    expect(rest).to.deep.equal([]);
  });

  it('keeps an NDJSON stream open while its client sends a line more often than the timeout', async () => {
    // answered at once (no batch wait), so the stream is idle between the lines
    const fast = await startServer({
      limits: { streamIdleTimeout: IDLE },
      backend: { batch: { maxTokens: 2048, maxSentences: 64, maxWait: 0 } },
    });
    try {
      const req = request(`${fast.url}/v1/translate/stream?target=es`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
      });
      const response = once(req, 'response');
      req.write('In the beginning.\n');
      const [res] = (await response) as [IncomingMessage];
      res.setEncoding('utf8');
      let text = '';
      res.on('data', (chunk: string) => (text += chunk));
      const ended = once(res, 'end');
      for (let i = 0; i < 4; i++) {
        await new Promise((resolve) => setTimeout(resolve, IDLE / 2));
        req.write('God saw the light.\n');
      }
      req.end();
      await ended;
      const records = text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as StreamRecord);
      expect(records).to.have.length(5);
      expect(records.every((r) => typeof r.translation === 'string')).to.equal(true);
    } finally {
      await fast.app.close();
    }
  });

  it('closes a silent WebSocket session with E_IDLE_TIMEOUT and code 1000, after answering its line', async () => {
    const { socket, messages, closed } = await openSocket(server);
    socket.send('{"id":7,"text":"In the beginning."}');
    const { code, ms } = await closed;
    expect(code).to.equal(1000);
    expect(ms).to.be.at.least(1000 + IDLE - 50);
    expect(messages).to.have.length(2);
    expect(messages[0]).to.include({ id: 7 }).and.have.property('translation');
    expect(messages[1]?.error?.code).to.equal('E_IDLE_TIMEOUT');
  });
});

describe('server: --max-streams', function () {
  let server: StartedServer;
  before(async () => {
    server = await startServer({ limits: { maxStreams: 2, retryAfter: 3 } });
  });
  after(async () => server.app.close());

  it('refuses a stream past the limit (503 + Retry-After, WebSocket 1013) and admits one after a stream closed', async () => {
    const first = await openSocket(server);
    const second = await openNdjson(server, 'In the beginning.\n');
    // wait until the NDJSON stream is registered: its first answer is out
    while (second.records().length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).to.match(/^s2s_open_streams 2$/m);

    const refused = await openSocket(server);
    const { code } = await refused.closed;
    expect(code).to.equal(1013);
    expect(refused.messages[0]?.error?.code).to.equal('E_OVERLOADED');
    expect(refused.messages[0]?.error?.message).to.match(/2 of 2 streams open \(--max-streams\)/);

    const req = request(`${server.url}/v1/translate/stream?target=es`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
    });
    req.end('In the beginning.\n');
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    res.resume();
    expect(res.statusCode).to.equal(503);
    expect(res.headers['retry-after']).to.equal('3');

    first.socket.close();
    await first.closed;
    const again = await openSocket(server);
    again.socket.send('{"id":1,"text":"God saw the light."}');
    await once(again.socket, 'message');
    expect(again.messages[0]).to.include({ id: 1 }).and.have.property('translation');
    again.socket.close();
    second.res.destroy();
    await again.closed;
  });
});
