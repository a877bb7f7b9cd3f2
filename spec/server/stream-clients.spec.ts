/**
 * The streaming endpoints (NDJSON over HTTP, WebSocket) against hostile or awkward clients, over real loopback
 * connections: ids the JSON parser keeps as bigint, clients that send without reading the answers (the server must
 * stop reading them, not buffer their answers), and a client that never ends its body when the server shuts down.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { expect } from 'chai';
import WebSocket from 'ws';
import { startServer, type StartedServer } from './start-server.js';

const BIG_ID = '12345678901234567890'; // beyond 2^53: parsed as a bigint to keep its digits

/** Sentences decoded so far by `server` (its metrics). */
async function decoded(server: StartedServer): Promise<number> {
  return (await server.metrics.sentences.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** Waits until `server` has decoded nothing new for `quietMs`; returns the count then. */
async function decodedWhenQuiet(server: StartedServer, quietMs: number): Promise<number> {
  let last = await decoded(server);
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await decoded(server);
    if (now !== last) [last, since] = [now, Date.now()];
  }
  return last;
}

/**
 * Opens `POST /v1/translate/stream` with an NDJSON body left open. The response's head arrives with the first answer,
 * so write a line before awaiting it.
 */
function openStream(url: string): { req: ClientRequest; response: Promise<IncomingMessage> } {
  const req = request(`${url}/v1/translate/stream?target=es`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
  });
  const response = once(req, 'response').then(([res]) => res as IncomingMessage);
  req.flushHeaders();
  return { req, response };
}

/** The NDJSON records of a whole response body. */
async function records(res: IncomingMessage): Promise<Record<string, unknown>[]> {
  res.setEncoding('utf8');
  let text = '';
  for await (const chunk of res) text += chunk as string;
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('server: streaming clients', function () {
  let server: StartedServer;
  before(async () => {
    // at most 4 lines in flight per stream; lines up to 200 kB, so that a few answers fill the sockets' buffers
    server = await startServer({ limits: { maxLines: 4, maxChars: 50_000 } });
  });
  after(async () => server.app.close());

  it('answers an id beyond 2^53 with its exact digits (NDJSON and WebSocket), and keeps serving', async () => {
    const body = `{"id":${BIG_ID},"text":"In the beginning."}\n{"id":2,"text":"The people answered."}\n`;
    const response = await fetch(`${server.url}/v1/translate/stream?target=es`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    const lines = (await response.text()).trim().split('\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(new RegExp(`^\\{"id":${BIG_ID},"translation":"[^"]+"`));
    expect(JSON.parse(lines[1]!)).to.include({ id: 2 }).and.have.property('translation');

    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/v1/stream?target=es`);
    await once(socket, 'open');
    socket.send(`{"id":${BIG_ID},"text":"In the beginning."}`);
    const [message] = (await once(socket, 'message')) as [Buffer];
    socket.close();
    expect(String(message)).to.match(new RegExp(`^\\{"id":${BIG_ID},"translation":"[^"]+"`));
    expect((await fetch(`${server.url}/health`)).status).to.equal(200);
  });

  it('refuses a stream body that is not text/plain or NDJSON with 415 naming the two it reads', async () => {
    for (const [type, body] of [
      ['application/json', '{"id":1,"text":"In the beginning."}'],
      ['application/x-www-form-urlencoded', 'q=In+the+beginning.'],
      ['application/octet-stream', 'In the beginning.'],
      [undefined, undefined],
    ] as const) {
      const response = await fetch(`${server.url}/v1/translate/stream?target=es`, {
        method: 'POST',
        ...(type === undefined ? {} : { headers: { 'content-type': type } }),
        ...(body === undefined ? {} : { body }),
      });
      expect(response.status, String(type)).to.equal(415);
      const answer = (await response.json()) as { code: string; error: string };
      expect(answer.code).to.equal('E_MEDIA_TYPE');
      expect(answer.error)
        .to.match(/reads text\/plain .* or application\/x-ndjson/)
        .and.include(type ?? 'no content type');
    }
  });

  it('stops reading an NDJSON body while the client does not read the answers, then answers every line', async () => {
    const lines = 100;
    const before = await decoded(server);
    const { req, response } = openStream(server.url);
    for (let i = 0; i < lines; i++) req.write(`${JSON.stringify({ id: `${i}:${'x'.repeat(150_000)}`, text: 'a' })}\n`);
    req.end();
    const res = await response; // its head comes with the first answer
    res.pause(); // a client that sends and does not read
    // the sockets' buffers hold some answers (a few MB); without backpressure the server would translate all lines
    const stalled = (await decodedWhenQuiet(server, 1500)) - before;
    expect(stalled).to.be.below(lines / 2);
    const answers = await records(res);
    expect(answers.map((a) => String(a['id']).split(':')[0])).to.deep.equal(
      Array.from({ length: lines }, (_, i) => String(i)),
    );
    for (const a of answers) expect(a).to.have.property('translation').that.is.a('string');
  });

  it('stops reading a WebSocket while the client does not read the answers, then answers every line', async () => {
    const lines = 100;
    const before = await decoded(server);
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/v1/stream?target=es`);
    await once(socket, 'open');
    const answers: Record<string, unknown>[] = [];
    const all = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        answers.push(JSON.parse(String(data)) as Record<string, unknown>);
        if (answers.length === lines) resolve();
      }),
    );
    socket.pause(); // a client that sends and does not read
    for (let i = 0; i < lines; i++) socket.send(JSON.stringify({ id: `${i}:${'x'.repeat(150_000)}`, text: 'a' }));
    const stalled = (await decodedWhenQuiet(server, 1500)) - before;
    expect(stalled).to.be.below(lines / 2);
    socket.resume();
    await all;
    socket.close();
    expect(answers.map((a) => String(a['id']).split(':')[0])).to.deep.equal(
      Array.from({ length: lines }, (_, i) => String(i)),
    );
    // lines the server had already received when it stopped reading may be refused in place (E_OVERLOADED)
    const refused = answers.filter((a) => a['error'] !== undefined);
    for (const a of refused) expect(a).to.have.nested.property('error.code', 'E_OVERLOADED');
    expect(refused.length).to.be.below(4);
  });

  it('on shutdown stops reading a body that never ends: answers the lines read, then E_SHUTTING_DOWN', async () => {
    const closing = await startServer();
    const { req, response } = openStream(closing.url);
    const answers: Record<string, unknown>[] = [];
    let buffer = '';
    const ended = response.then(async (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const parts = buffer.split('\n');
        buffer = parts.pop()!;
        answers.push(...parts.map((line) => JSON.parse(line) as Record<string, unknown>));
      });
      await once(res, 'end');
    });
    let sent = 0;
    const send = (): boolean => req.write(`${JSON.stringify({ id: sent++, text: 'In the beginning.' })}\n`);
    while (answers.length < 3) {
      send();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const started = Date.now();
    const closed = closing.app.close().then(() => Date.now() - started);
    // the client goes on sending: the server must not wait for the body to end
    const sender = setInterval(send, 50);
    try {
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 8000))]);
      expect(await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve('still open'), 8000))]))
        .to.be.a('number')
        .below(8000);
    } finally {
      clearInterval(sender);
      req.destroy();
    }
    const last = answers.pop()!;
    expect(last).to.include({ id: null }).and.have.nested.property('error.code', 'E_SHUTTING_DOWN');
    expect(answers.length).to.be.at.least(3).and.at.most(sent);
    expect(answers.map((a) => a['id'])).to.deep.equal(answers.map((_, i) => i));
    for (const a of answers) expect(a).to.have.property('translation').that.is.a('string').and.not.empty;
  });
});
