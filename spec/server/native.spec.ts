/**
 * The native API over real loopback HTTP: n-best with scores, alignments, option validation, NDJSON streaming
 * (answers flushed line by line while the request body is still open), WebSocket streaming (the `ws` client), and
 * the server's translations equal `s2s translate` on the same model and options.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import WebSocket from 'ws';
import { s2s } from '../helpers/cli.js';
import { MODEL, postJson, startServer, type NativeResult, type StartedServer } from './start-server.js';

const SENTENCES = ['In the beginning.', 'The people answered.', 'God saw the light.'];

/** Reads NDJSON lines from a streaming HTTP response. */
class LineReader {
  readonly #lines: string[] = [];
  #buffer = '';
  #waiter: (() => void) | undefined;
  ended = false;
  push(chunk: string): void {
    this.#buffer += chunk;
    const parts = this.#buffer.split('\n');
    this.#buffer = parts.pop()!;
    this.#lines.push(...parts);
    this.#waiter?.();
  }
  end(): void {
    this.ended = true;
    this.#waiter?.();
  }
  async next(): Promise<string | undefined> {
    while (this.#lines.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.#waiter = resolve));
    return this.#lines.shift();
  }
}

describe('server: native API', () => {
  let server: StartedServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.app.close());

  it('returns n-best lists with scores, best first, and hard alignments', async () => {
    const { status, body } = await postJson(`${server.url}/v1/translate`, {
      source: 'en',
      target: 'es',
      lines: ['God saw the light.', ''],
      options: { beamSize: 4, nBest: 3, alignment: 'hard' },
    });
    expect(status).to.equal(200);
    expect(body.options).to.include({ beamSize: 4, nBest: 3, lengthPenalty: 'avg', maxLength: 250 });
    const [first, empty] = body.results as [NativeResult, NativeResult];
    expect(first.nbest).to.have.length(3);
    expect(first.translation).to.equal(first.nbest[0]!.text);
    const scores = first.nbest.map((e: { score: number }) => e.score);
    expect(scores).to.deep.equal([...scores].sort((a, b) => b - a));
    expect(first.alignment).to.have.length(first.tokens + 1); // one source position per target token and eos
    expect(empty.translation).to.equal('');
  });

  it('validates decoding options with the CLI’s rules and names the option', async () => {
    const bad = await postJson(`${server.url}/v1/translate`, {
      target: 'es',
      lines: ['x'],
      options: { beamSize: 2, nBest: 3 },
    });
    expect(bad.status).to.equal(400);
    expect(bad.body.error).to.match(/nBest must be an integer in \[1, 2\] \(at most the beam size\)/);
    // a request may not lengthen outputs past the server's maxLength (250 here): minLength 10000 forces 10000 steps
    const long = await postJson(`${server.url}/v1/translate`, {
      target: 'es',
      lines: ['x'],
      options: { minLength: 10_000 },
    });
    expect(long.status).to.equal(400);
    expect(long.body.error).to.match(/minLength must be <= 250/);
    const unknown = await postJson(`${server.url}/v1/translate`, {
      target: 'es',
      lines: ['x'],
      options: { beamWidth: 2 },
    });
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error).to.match(/additional properties/);
    const noLm = await postJson(`${server.url}/v1/translate`, {
      target: 'es',
      lines: ['x'],
      options: { lmWeight: 0.2 },
    });
    expect(noLm.status).to.equal(400);
    expect(noLm.body.error).to.match(/needs a language model/);
    const wide = await postJson(`${server.url}/v1/translate`, {
      target: 'es',
      lines: ['x'],
      options: { beamSize: 64 },
    });
    expect(wide.status).to.equal(400);
  });

  it('refuses lines that are not an array of strings (no coercion of null, numbers or a lone string)', async () => {
    for (const [lines, got] of [
      [[null], /got an array holding null/],
      [['x', 3], /got an array holding a number/],
      ['x', /got a string/],
    ] as const) {
      const answer = await postJson(`${server.url}/v1/translate`, { target: 'es', lines });
      expect(answer.status).to.equal(400);
      expect(answer.body.code).to.equal('E_INVALID_REQUEST');
      expect(answer.body.error)
        .to.match(/lines must be an array of strings/)
        .and.match(got);
    }
  });

  it('equals s2s translate on the same model and options (beam 2, n-best 2)', async () => {
    const input = join(mkdtempSync(join(tmpdir(), 's2s-serve-')), 'in.jsonl');
    writeFileSync(input, SENTENCES.map((text, id) => JSON.stringify({ id, text })).join('\n'));
    // the server decodes on tfjs; compare with the same engine
    const cli = await s2s([
      'translate',
      '--model',
      MODEL,
      '--engine',
      'tfjs',
      '--beam-size',
      '2',
      '--n-best',
      '2',
      '--format',
      'jsonl',
      '--no-progress',
      input,
    ]);
    expect(cli.code, cli.stderr).to.equal(0);
    const expected = cli.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { translation: string; score: number; nbest: { text: string }[] });
    const { body } = await postJson(`${server.url}/v1/translate`, {
      source: 'en',
      target: 'es',
      lines: SENTENCES,
      options: { beamSize: 2, nBest: 2 },
    });
    expect(body.results.map((r: { translation: string }) => r.translation)).to.deep.equal(
      expected.map((e) => e.translation),
    );
    expect(body.results.map((r: { nbest: { text: string }[] }) => r.nbest.map((e) => e.text))).to.deep.equal(
      expected.map((e) => e.nbest.map((n) => n.text)),
    );
    body.results.forEach((r: { score: number }, i: number) => expect(r.score).to.be.closeTo(expected[i]!.score, 1e-6));
  });

  it('streams NDJSON: one answer per line, in order, each written before the next line is sent', async () => {
    const reader = new LineReader();
    const url = new URL(`${server.url}/v1/translate/stream?source=en&target=es&beam-size=2`);
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' } }, (res) => {
      expect(res.statusCode).to.equal(200);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => reader.push(chunk));
      res.on('end', () => reader.end());
    });
    const inputs = [{ id: 'a', text: SENTENCES[0] }, 'not json', { id: 'c', text: SENTENCES[1] }];
    const answers: Record<string, unknown>[] = [];
    for (const input of inputs) {
      req.write(`${typeof input === 'string' ? input : JSON.stringify(input)}\n`);
      // the body is still open: this answer can only arrive if the server flushes it line by line
      answers.push(JSON.parse((await reader.next())!) as Record<string, unknown>);
    }
    req.end();
    expect(await reader.next()).to.equal(undefined);
    expect(answers.map((a) => a['id'])).to.deep.equal(['a', 1, 'c']);
    expect(answers[1]).to.have.nested.property('error.code', 'E_INPUT_INVALID');
    expect(answers[0]).to.have.property('translation').that.is.a('string').and.not.empty;
  });

  it('answers a too-long streamed line with an error record in its place, and stops at an endless line', async () => {
    const url = `${server.url}/v1/translate/stream?target=es`;
    const post = async (body: string) =>
      (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const answers = await post(`${SENTENCES[0]}\n${'a '.repeat(3000)}\n${SENTENCES[1]}\n`);
    expect(answers.map((a) => a['id'])).to.deep.equal([0, 1, 2]);
    expect(answers[1]).to.have.nested.property('error.code', 'E_LINE_TOO_LONG');
    expect(answers[2]).to.have.property('translation').that.is.a('string').and.not.empty;
    const stopped = await post(`${SENTENCES[0]}\n${'a'.repeat(30000)}`);
    expect(stopped.at(-1)).to.deep.include({ id: null });
    expect(stopped.at(-1)).to.have.nested.property('error.code', 'E_LINE_TOO_LONG');
  });

  it('streams over WebSocket: one message per line, in order, with errors in place', async () => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/v1/stream?source=en&target=es`);
    const received: Record<string, unknown>[] = [];
    const allReceived = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        received.push(JSON.parse(String(data)) as Record<string, unknown>);
        if (received.length === 4) resolve();
      }),
    );
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ id: 1, text: SENTENCES[0] }));
    socket.send(JSON.stringify({ id: 2, text: SENTENCES[1] }));
    socket.send('{oops');
    socket.send(JSON.stringify({ id: 4, text: SENTENCES[0] }));
    await allReceived;
    socket.close();
    expect(received.map((r) => r['id'])).to.deep.equal([1, 2, 2, 4]);
    expect(received[2]).to.have.nested.property('error.code', 'E_INPUT_INVALID');
    expect(received[3]!['translation']).to.equal(received[0]!['translation']);
  });

  it('takes decoding options from the WebSocket query string (beam-size, n-best, alignment)', async () => {
    const socket = new WebSocket(
      `${server.url.replace('http', 'ws')}/v1/stream?target=es&beam-size=3&n-best=2&alignment=hard`,
    );
    const message = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ id: 1, text: SENTENCES[2] }));
    const answer = JSON.parse(await message) as NativeResult;
    socket.close();
    expect(answer.error).to.equal(undefined);
    expect(answer.nbest).to.have.length(2);
    expect(answer.alignment).to.have.length(answer.tokens + 1);
  });

  for (const [why, query, error] of [
    ['an unknown option', 'beam-sise=2', /unknown query parameter beam-sise/],
    [
      'a max-length past the server maxLength',
      'max-length=10000',
      /maxLength must be at most 250 on this server \(its --max-length\), got 10000/,
    ],
  ] as const) {
    it(`refuses a WebSocket session with ${why}: an error message naming it, close code 1008`, async () => {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/v1/stream?target=es&${query}`);
      const message = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      expect(JSON.parse(await message))
        .to.have.nested.property('error.message')
        .that.matches(error);
      expect(await closed).to.equal(1008);
    });
  }

  it('GET /health, GET /ready and GET /v1/pairs', async () => {
    expect((await fetch(`${server.url}/health`)).status).to.equal(200);
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.include({ status: 'ready' });
    const pairs = (await (await fetch(`${server.url}/v1/pairs`)).json()) as {
      pairs: unknown[];
      defaults: { beamSize: number };
    };
    expect(pairs.pairs).to.deep.equal([{ source: 'en', target: 'es', lm: false }]);
    expect(pairs.defaults.beamSize).to.equal(1);
  });
});
