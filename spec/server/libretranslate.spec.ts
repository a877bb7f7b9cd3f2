/** The LibreTranslate-compatible API over real loopback HTTP (fetch): shapes, form and JSON bodies, errors. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MODEL, postJson, startServer, type StartedServer } from './start-server.js';

describe('server: LibreTranslate API', () => {
  let server: StartedServer;
  before(async () => {
    const web = mkdtempSync(join(tmpdir(), 's2s-web-'));
    writeFileSync(join(web, 'index.html'), '<h1>s2s</h1>');
    server = await startServer({
      limits: { bodyLimit: 4096, maxLines: 8, maxChars: 3000 },
      server: { apiKeys: new Set(['k1']), webDir: web },
    });
  });
  after(async () => server.app.close());

  it('GET /languages lists the served languages with their targets', async () => {
    const response = await fetch(`${server.url}/languages`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal([
      { code: 'en', name: 'English', targets: ['es'] },
      { code: 'es', name: 'Spanish', targets: [] },
    ]);
  });

  it('POST /detect names the one served source language (no detector runs), with the same api_key rule', async () => {
    const detect = await postJson(`${server.url}/detect`, { q: 'In the beginning.', api_key: 'k1' });
    expect(detect.status).to.equal(200);
    expect(detect.body).to.deep.equal([{ confidence: 100, language: 'en' }]);
    const noKey = await postJson(`${server.url}/detect`, { q: 'In the beginning.' });
    expect(noKey.status).to.equal(403);
    expect(noKey.body.code).to.equal('E_API_KEY');
    const noText = await postJson(`${server.url}/detect`, { api_key: 'k1' });
    expect(noText.status).to.equal(400);
    expect(noText.body.error).to.match(/q/);
  });

  it('POST /detect is a 400 naming the sources when several are served (it cannot choose)', async () => {
    const two = await startServer({
      models: [
        { path: MODEL, pair: { source: 'en', target: 'es' } },
        { path: MODEL, pair: { source: 'pt', target: 'es' } },
      ],
    });
    try {
      const detect = await postJson(`${two.url}/detect`, { q: 'In the beginning.' });
      expect(detect.status).to.equal(400);
      expect(detect.body.code).to.equal('E_DETECT_UNSUPPORTED');
      expect(detect.body.error).to.match(/several source languages \(en, pt\); name the source/);
    } finally {
      await two.app.close();
    }
  });

  it('GET /frontend/settings gives LibreTranslate’s fields with this server’s limits, key rule and first pair', async () => {
    const response = await fetch(`${server.url}/frontend/settings`);
    expect(response.status).to.equal(200);
    const settings = (await response.json()) as { charLimit: number };
    expect(settings).to.deep.equal({
      charLimit: 3000,
      frontendTimeout: 500,
      apiKeys: true,
      keyRequired: true,
      suggestions: false,
      filesTranslation: false,
      supportedFilesFormat: [],
      language: { source: { code: 'en', name: 'English' }, target: { code: 'es', name: 'Spanish' } },
    });
    // the limit it announces is the one /translate applies
    const over = await postJson(`${server.url}/translate`, {
      q: 'x'.repeat(settings.charLimit + 1),
      source: 'en',
      target: 'es',
      api_key: 'k1',
    });
    expect(over.status).to.equal(413);
    expect(over.body.error).to.match(/3000/);
    const open = await startServer({ models: [{ path: MODEL, pair: { source: 'pt', target: 'es' } }] });
    try {
      const other = (await (await fetch(`${open.url}/frontend/settings`)).json()) as Record<string, unknown>;
      expect(other).to.include({ charLimit: 5000, apiKeys: false, keyRequired: false });
      expect(other['language']).to.deep.equal({
        source: { code: 'pt', name: 'Portuguese' },
        target: { code: 'es', name: 'Spanish' },
      });
    } finally {
      await open.app.close();
    }
  });

  it('translates a string q (JSON) into a string, and an array q into an array in the same order', async () => {
    const one = await postJson(`${server.url}/translate`, {
      q: 'In the beginning.',
      source: 'en',
      target: 'es',
      api_key: 'k1',
    });
    expect(one.status).to.equal(200);
    expect(one.body.translatedText).to.be.a('string').and.not.equal('');
    expect(one.body).to.not.have.property('detectedLanguage');
    const many = await postJson(`${server.url}/translate`, {
      q: ['The people answered.', 'In the beginning.'],
      source: 'en',
      target: 'es',
      api_key: 'k1',
    });
    expect(many.status).to.equal(200);
    expect(many.body.translatedText).to.have.length(2);
    expect(many.body.translatedText[1]).to.equal(one.body.translatedText);
  });

  it('accepts form-encoded bodies (repeated q gives an array) and keeps a text’s newlines', async () => {
    const form = new URLSearchParams([
      ['q', 'In the beginning.'],
      ['q', 'In the beginning.\n\nIn the beginning.'],
      ['source', 'auto'],
      ['target', 'es'],
      ['api_key', 'k1'],
    ]);
    const response = await fetch(`${server.url}/translate`, { method: 'POST', body: form });
    expect(response.status).to.equal(200);
    const body = (await response.json()) as { translatedText: string[]; detectedLanguage: { language: string }[] };
    const [first, second] = body.translatedText;
    expect(second).to.equal(`${first}\n\n${first}`);
    expect(body.detectedLanguage.map((d) => d.language)).to.deep.equal(['en', 'en']);
  });

  it('writes a text’s line breaks back as sent (CRLF, CR, LF), in the translation and the alternatives', async () => {
    const line = 'In the beginning.';
    const { status, body } = await postJson(`${server.url}/translate`, {
      q: [line, `${line}\r\n${line}\r${line}\n\r\n${line}`],
      source: 'en',
      target: 'es',
      alternatives: 1,
      api_key: 'k1',
    });
    expect(status).to.equal(200);
    const [one, many] = body.translatedText;
    expect(one).to.be.a('string').and.not.equal('');
    expect(many).to.equal(`${one}\r\n${one}\r${one}\n\r\n${one}`);
    const [alt, alts] = (body.alternatives as unknown as string[][]).map((list) => list[0]);
    expect(alts).to.equal(`${alt}\r\n${alt}\r${alt}\n\r\n${alt}`);
  });

  it('returns alternatives from the n-best list', async () => {
    const { status, body } = await postJson(`${server.url}/translate`, {
      q: 'God saw the light.',
      source: 'en',
      target: 'es',
      alternatives: 2,
      api_key: 'k1',
    });
    expect(status).to.equal(200);
    expect(body.alternatives).to.have.length(2);
    expect(new Set([body.translatedText, ...body.alternatives]).size).to.equal(3);
  });

  it('answers errors as JSON {error} with the right status', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ q: 'x', source: 'en', target: 'es' }, 403, /API key/],
      [{ q: 'x', source: 'en', target: 'es', api_key: 'nope' }, 403, /Invalid API key/],
      [{ source: 'en', target: 'es', api_key: 'k1' }, 400, /q/],
      [{ q: 'x', source: 'en', target: 'fr', api_key: 'k1' }, 400, /not supported/],
      [{ q: 'x', source: 'en', target: 'es', format: 'html', api_key: 'k1' }, 400, /html/],
      ['{"q": "unterminated', 400, /malformed JSON/],
      // not coerced into "" / "true" / "7" and translated
      [
        { q: null, source: 'en', target: 'es', api_key: 'k1' },
        400,
        /q must be a string or an array of strings, got null/,
      ],
      [{ q: true, source: 'en', target: 'es', api_key: 'k1' }, 400, /q must be .*, got a boolean/],
      [{ q: ['x', 7], source: 'en', target: 'es', api_key: 'k1' }, 400, /q must be .*, got an array holding a number/],
      [{ q: 'x', source: 'en', target: 'es', alternatives: 40, api_key: 'k1' }, 400, /alternatives must be at most 15/],
      [{ q: Array.from({ length: 9 }, () => 'x'), source: 'en', target: 'es', api_key: 'k1' }, 413, /at most 8/],
      [{ q: 'x'.repeat(5000), source: 'en', target: 'es', api_key: 'k1' }, 413, /too large/],
    ];
    for (const [body, status, message] of cases) {
      const answer = await postJson(`${server.url}/translate`, body);
      expect(answer.status, JSON.stringify(body).slice(0, 60)).to.equal(status);
      expect(answer.body.error).to.match(message);
      expect(answer.headers.get('content-type')).to.match(/application\/json/);
    }
  });

  it('serves the --web directory at /', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).to.equal(200);
    expect(await response.text()).to.equal('<h1>s2s</h1>');
  });

  it('logs one JSON line per request and counts requests by route and status', async () => {
    const before = server.logLines.length;
    await fetch(`${server.url}/languages`);
    const lines = server.logLines.slice(before).map((l) => JSON.parse(l) as { route: string; status: number });
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ route: '/languages', status: 200 });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).to.match(/s2s_http_requests_total\{route="\/translate",method="POST",status="403"\} 2/);
    expect(metrics).to.match(/s2s_sentences_translated_total\{pair="en-es"\} [1-9]/);
    expect(metrics).to.match(/s2s_batch_sentences_count\{pair="en-es"\} [1-9]/);
  });
});
