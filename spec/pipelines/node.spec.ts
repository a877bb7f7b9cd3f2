import { expect } from 'chai';
import { PassThrough, Readable, Writable } from 'node:stream';
import { decode as unpack } from 'msgpackr';
import { from, interval, lastValueFrom, Observable, take, toArray } from 'rxjs';
import { Credits } from '../../pipelines/credits.js';
import { linesFrom } from '../../pipelines/node/read-lines.js';
import { toWritable } from '../../pipelines/node/to-writable.js';
import { toAsyncIterable } from '../../pipelines/node/to-async-iterable.js';
import { toReadableStream } from '../../pipelines/node/to-readable-stream.js';
import { translate, type TranslationResult } from '../../pipelines/translate.js';
import { translateLines } from '../../pipelines/translate-lines.js';
import { formatText } from '../../pipelines/formats/text.js';
import { formatJsonLine, parseJsonLine } from '../../pipelines/formats/jsonl.js';
import { msgpackEncoder, msgpackRecords } from '../../pipelines/formats/msgpack.js';
import { toRecord } from '../../pipelines/formats/record.js';
import { TranslationProgress } from '../../pipelines/formats/progress.js';
import { StatusLine } from '../../scripts/terminal/status-line.js';
import { fromAsyncIterable } from '../../pipelines/node/from-async-iterable.js';
import { charTokenizer, ReverseTranslator, ThrowingTranslator } from './fakes.js';

const text = (r: TranslationResult): string => (r.data.ok ? r.data.value.text : `ERR:${r.data.error.code}`);

describe('pipelines/node interop', () => {
  it('Readable → lines (CRLF, empty lines, invalid UTF-8) → translate → Writable', async () => {
    const input = Readable.from([Buffer.from('ab\r\n\ncd'), Buffer.from([0xff, 0x0a]), Buffer.from('ef\n')]);
    const chunks: string[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c.toString()), cb()) });
    const credits = new Credits(4);
    const results = linesFrom(input, { credits }).pipe(
      translate(new ReverseTranslator(), charTokenizer, { credits, batch: { maxWait: 1 } }),
    );
    await toWritable(results, sink, { format: (r) => formatText(r), credits });
    expect(chunks.join('')).to.equal('ba\n\n\ufffddc\nfe\n');
  });

  it('Writable backpressure: write() false pauses the credit window until drain', async () => {
    const credits = new Credits(100);
    let pausedSeen = false;
    const written: string[] = [];
    const sink = new Writable({
      highWaterMark: 2,
      objectMode: true,
      write(chunk: string, _e, cb) {
        if (credits.available === 0) pausedSeen = true;
        written.push(chunk);
        setTimeout(cb, 1);
      },
    });
    const source = new Observable<string>((s) => {
      for (let i = 0; i < 10; i++) s.next(`x${i}`);
      s.complete();
    });
    await toWritable(source, sink, { format: (x) => x, credits });
    expect(written).to.have.length(10);
    expect(pausedSeen).to.equal(true);
    expect(credits.available).to.equal(100);
  });

  it('a paused window stops a credit-aware source from pulling', async () => {
    const credits = new Credits(3);
    let pulled = 0;
    function* gen(): Generator<number> {
      for (let i = 0; i < 10; i++) {
        pulled++;
        yield i;
      }
    }
    const got: number[] = [];
    const sub = fromAsyncIterable(gen(), { credits }).subscribe((x) => (got.push(x), credits.tryAcquire()));
    await new Promise((r) => setTimeout(r, 10));
    expect(got).to.deep.equal([0, 1, 2]);
    expect(pulled).to.equal(3);
    credits.release(3);
    await new Promise((r) => setTimeout(r, 10));
    expect(got).to.have.length(6);
    sub.unsubscribe();
  });

  it('for await over results; breaking out unsubscribes; errors are thrown', async () => {
    const out: string[] = [];
    for await (const r of toAsyncIterable(from(['ab', 'cd']).pipe(translate(new ReverseTranslator(), charTokenizer))))
      out.push(text(r));
    expect(out).to.deep.equal(['ba', 'dc']);
    let torn = false;
    const endless = new Observable<number>((s) => {
      const sub = interval(1).subscribe(s);
      return () => ((torn = true), sub.unsubscribe());
    });
    for await (const x of toAsyncIterable(endless)) if (x >= 2) break;
    expect(torn).to.equal(true);
    const err = await (async () => {
      for await (const _ of toAsyncIterable(new Observable((s) => s.error(new Error('bad'))))) void _;
    })().catch((e: Error) => e.message);
    expect(err).to.equal('bad');
  });

  it('WHATWG ReadableStream adapter', async () => {
    const stream = toReadableStream(interval(1).pipe(take(3)));
    const got: number[] = [];
    for await (const x of stream) got.push(x);
    expect(got).to.deep.equal([0, 1, 2]);
  });

  it('interactive: with the input held open, each translation is written before the next line arrives', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const credits = new Credits(16);
    const done = toWritable(
      translateLines(
        linesFrom(stdin, { credits }),
        { translator: new ReverseTranslator(), sourceTokenizer: charTokenizer, targetTokenizer: charTokenizer },
        { credits, batch: { maxWait: 5 } },
      ),
      stdout,
      { format: (r) => formatText(r), credits },
    );
    for (const line of ['one', 'two', 'three']) {
      stdin.write(`${line}\n`);
      const out = await new Promise<string>((resolve) => stdout.once('data', (c: Buffer) => resolve(c.toString())));
      expect(out).to.equal(`${[...line].reverse().join('')}\n`);
    }
    stdin.end();
    await done;
  });
});

describe('pipelines/formats', () => {
  const results = (lines: unknown[]) =>
    lastValueFrom(
      from(lines.map((l) => (typeof l === 'string' ? parseJsonLine(l) : parseJsonLine(JSON.stringify(l))))).pipe(
        translate(new ThrowingTranslator(), charTokenizer, { nbest: 1 }),
        toArray(),
      ),
    );

  it('text: one line out per line in; a failure → empty line + stderr message; newlines in output are flattened', () => {
    const messages: string[] = [];
    const ok: TranslationResult = {
      seq: 0,
      id: 0,
      source: 'x',
      data: { ok: true, value: { text: 'a\nb', score: 0, logProb: 0, tokens: 2, nbest: [] } },
    };
    const bad: TranslationResult = {
      seq: 4,
      id: undefined,
      source: 'y',
      data: { ok: false, error: { code: 'E_X', message: 'nope' } },
    };
    expect(formatText(ok, { write: (m: string) => messages.push(m) })).to.equal('a b\n');
    expect(formatText(bad, { write: (m: string) => messages.push(m) })).to.equal('\n');
    expect(messages).to.deep.equal(['line 5: E_X: nope\n']);
  });

  it('JSON lines: ids kept, error records for bad JSON / missing text / model failure, one record per line', async () => {
    const out = (
      await results([{ id: 'a', text: 'ab' }, 'not json', { id: 7 }, { id: 'b', text: 'x!' }, { text: 'cd' }])
    ).map((r) => JSON.parse(formatJsonLine(r)) as Record<string, unknown>);
    expect(out.map((r) => r['id'])).to.deep.equal(['a', null, 7, 'b', null]);
    expect(out.map((r) => r['line'])).to.deep.equal([1, 2, 3, 4, 5]);
    expect(out[0]).to.deep.equal({
      id: 'a',
      line: 1,
      translation: 'ba',
      score: -1,
      nbest: [{ text: 'ba', score: -1, logProb: -2 }],
      alignment: null,
    });
    expect(out.map((r) => (r['error'] as { code?: string } | undefined)?.code ?? null)).to.deep.equal([
      null,
      'E_INPUT_INVALID',
      'E_INPUT_INVALID',
      'E_TRANSLATE_FAILED',
      null,
    ]);
  });

  it('msgpack frames: records in → records out (round trip through PackrStream / UnpackrStream)', async () => {
    const inBytes = msgpackEncoder();
    const collected: Buffer[] = [];
    inBytes.on('data', (c: Buffer) => collected.push(c));
    for (const r of [{ id: 1, text: 'ab' }, { id: 2, text: 42 }, 'garbage']) inBytes.write(r);
    inBytes.end();
    await new Promise((r) => inBytes.once('end', r));
    const input = Readable.from([Buffer.concat(collected)]);
    const encoder = msgpackEncoder();
    const outChunks: Buffer[] = [];
    encoder.on('data', (c: Buffer) => outChunks.push(c));
    const results$ = fromAsyncIterable(msgpackRecords(input)).pipe(
      translate(new ReverseTranslator(), charTokenizer, { nbest: 1 }),
    );
    await toWritable(results$, encoder, { format: toRecord });
    const decoded = await lastValueFrom(
      fromAsyncIterable(msgpackRecords(Readable.from([Buffer.concat(outChunks)]))).pipe(toArray()),
    );
    expect(decoded).to.have.length(3);
    const direct = unpack(outChunks[0]!) as Record<string, unknown>;
    expect(direct['translation']).to.equal('ba');
    expect(direct['id']).to.equal(1);
  });

  it('progress: live line only on a TTY, summary always', () => {
    let t = 0;
    const tty: string[] = [];
    const pipe: string[] = [];
    const r: TranslationResult = {
      seq: 0,
      id: 0,
      source: 'x',
      data: { ok: true, value: { text: 'a', score: 0, logProb: 0, tokens: 10, nbest: [] } },
    };
    const a = new TranslationProgress({
      sink: StatusLine.for({ write: (s: string) => tty.push(s), isTTY: true }),
      total: 2,
      backend: 'wasm',
      now: () => t,
    });
    const b = new TranslationProgress({
      sink: StatusLine.for({ write: (s: string) => pipe.push(s) }),
      backend: 'cpu',
      now: () => t,
    });
    t = 1000;
    a.update(r);
    b.update(r);
    expect(tty[0]).to.equal('\r\x1b[K1/2 sentences  10.0 tok/s ETA 0:01');
    expect(pipe).to.deep.equal([]);
    t = 2000;
    expect(b.finish()).to.equal('lines: 1  tokens: 10  time: 2.00 s  tokens/s: 5.0  backend: cpu');
    expect(pipe).to.deep.equal(['lines: 1  tokens: 10  time: 2.00 s  tokens/s: 5.0  backend: cpu\n']);
  });
});
