/**
 * The idle timeouts (server/timeouts.ts) over real loopback sockets, with a 300 ms timeout: a client that sends
 * nothing, half a head, half a body, or nothing after its answer is closed; a request the server takes longer than
 * that to answer, and NDJSON / WebSocket streams silent for several timeouts, are not.
 */
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import { once } from 'node:events';
import { expect } from 'chai';
import WebSocket from 'ws';
import { postJson, startServer, type StartedServer } from './start-server.js';

const IDLE = 300;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A raw connection to `server`, with everything it receives and when the server closed or reset it (ms after
 * connecting).
 */
async function rawSocket(
  server: StartedServer,
): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const { port } = new URL(server.url);
  const started = Date.now();
  const socket = connect(Number(port), '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  // a reset (the server closing while the client still writes) is a close too; `once(socket, 'close')` would reject
  // on it
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
  await once(socket, 'connect');
  return { socket, received: () => received, closed };
}

/** Resolves with the ms until `closed`, or rejects when the socket is still open after `ms`. */
async function closedWithin(closed: Promise<number>, ms: number): Promise<number> {
  const deadline = sleep(ms).then(() => {
    throw new Error(`the server left the connection open for ${ms} ms`);
  });
  return Promise.race([closed, deadline]);
}

describe('server: idle timeouts', function () {
  let server: StartedServer;
  // a sentence waits up to 1 s for its batch to fill: the server's own time, longer than the idle timeout
  before(async () => {
    server = await startServer({
      limits: { idleTimeout: IDLE },
      backend: { batch: { maxTokens: 2048, maxSentences: 64, maxWait: 1000 } },
    });
  });
  after(async () => server.app.close());

  it('closes a connection that sends nothing', async () => {
    const { socket, closed } = await rawSocket(server);
    const ms = await closedWithin(closed, 5 * IDLE);
    expect(ms).to.be.at.least(IDLE - 50);
    socket.destroy();
  });

  it('answers 408 to a head that trickles in for longer than the timeout (slowloris), and closes', async () => {
    const { socket, received, closed } = await rawSocket(server);
    socket.write('POST /translate HTTP/1.1\r\nHost: localhost\r\n');
    // stops once the answer arrives: writing after it makes the server's kernel reset the connection
    const trickle = setInterval(() => socket.writable && received() === '' && socket.write('X-Slow: 1\r\n'), IDLE / 3);
    try {
      await closedWithin(closed, 5 * IDLE);
    } finally {
      clearInterval(trickle);
    }
    expect(received()).to.match(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection whose body stalls', async () => {
    const { socket, received, closed } = await rawSocket(server);
    socket.write(
      'POST /translate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"q":',
    );
    await closedWithin(closed, 5 * IDLE);
    expect(received()).to.equal('');
  });

  it('closes a connection whose body trickles in for longer than the timeout (never silent for it)', async () => {
    const { socket, received, closed } = await rawSocket(server);
    socket.write(
      'POST /translate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
    );
    const trickle = setInterval(() => socket.writable && socket.write(' '), IDLE / 3);
    try {
      await closedWithin(closed, 5 * IDLE);
    } finally {
      clearInterval(trickle);
    }
    expect(received()).to.equal('');
  });

  it('closes a kept-alive connection idle after its answer (the keep-alive timeout, plus Node’s 1 s)', async () => {
    const { socket, received, closed } = await rawSocket(server);
    socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await closedWithin(closed, IDLE + 1000 + 5 * IDLE);
    expect(received())
      .to.match(/^HTTP\/1\.1 200 /)
      .and.match(/keep-alive/i);
  });

  it('does not count the server’s time: a request answered after several timeouts is answered', async () => {
    const started = Date.now();
    const { status, body } = await postJson(`${server.url}/translate`, {
      q: 'In the beginning.',
      source: 'en',
      target: 'es',
    });
    expect(Date.now() - started).to.be.greaterThan(2 * IDLE);
    expect(status).to.equal(200);
    expect(body.translatedText).to.be.a('string').and.not.equal('');
  });

  it('does not cut an NDJSON stream whose client is silent for several timeouts between lines', async () => {
    const req = request(`${server.url}/v1/translate/stream?target=es`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
    });
    const response = once(req, 'response');
    req.write('In the beginning.\n');
    const [res] = (await response) as [import('node:http').IncomingMessage];
    res.setEncoding('utf8');
    let text = '';
    res.on('data', (chunk: string) => (text += chunk));
    await sleep(4 * IDLE);
    req.end('The people answered.\n');
    await once(res, 'end');
    const records = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { translation?: string });
    expect(records).to.have.length(2);
    expect(records.every((r) => typeof r.translation === 'string' && r.translation !== '')).to.equal(true);
  });

  it('does not cut a WebSocket session silent for several timeouts', async () => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/v1/stream?target=es`);
    await once(socket, 'open');
    await sleep(4 * IDLE);
    expect(socket.readyState).to.equal(WebSocket.OPEN);
    socket.send('{"id":1,"text":"In the beginning."}');
    const [message] = (await once(socket, 'message')) as [Buffer];
    expect(JSON.parse(message.toString())).to.include({ id: 1 }).and.have.property('translation');
    socket.close();
    await once(socket, 'close');
  });
});
