/**
 * The client against a real redis-server, with the test playing the worker side through raw stream commands (no
 * model): in-flight bound, E_NO_WORKER timeout, results reordered and duplicated by "workers", cancellation.
 */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { resolveDecodeOptions } from '../../lib/decode/options.js';
import { S2SError } from '../../lib/errors.js';
import { RedisTranslationClient } from '../../workers/redis-translation-client.js';
import { parseRequest, replyFields, StreamKeys } from '../../workers/protocol.js';
import { freePort, RedisServer } from '../../scripts/workers-support/redis-server.js';

const keys = new StreamKeys();
const REQUESTS = keys.requests('xx-yy');
const options = { decode: resolveDecodeOptions({ beamSize: 1 }) };

/** The fake worker's read: blocks on the request stream as consumer `fake` until `count` requests have arrived. */
async function readFakeRequests(redis: Redis, count: number): Promise<ReturnType<typeof parseRequest>[]> {
  const requests: ReturnType<typeof parseRequest>[] = [];
  while (requests.length < count) {
    const read = (await redis.xreadgroup(
      'GROUP',
      keys.group,
      'fake',
      'COUNT',
      10,
      'BLOCK',
      1000,
      'STREAMS',
      REQUESTS,
      '>',
    )) as [string, [string, string[]][]][] | null;
    for (const [, fields] of read?.[0]?.[1] ?? []) requests.push(parseRequest(fields));
  }
  return requests;
}

describe('workers: RedisTranslationClient', function () {
  this.timeout(30_000);
  let server: RedisServer;
  let redis: Redis;

  before(async () => {
    server = await RedisServer.start();
    redis = new Redis(server.url);
  });
  afterEach(async () => {
    await redis.del(REQUESTS);
  });
  after(async () => {
    redis.disconnect();
    await server.destroy();
  });

  it('keeps at most maxInFlight lines in the request stream and fails with E_NO_WORKER when nobody answers', async () => {
    const client = new RedisTranslationClient(server.url, { pair: 'xx-yy', options, maxInFlight: 8, timeoutMs: 1500 });
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
    let peak = 0;
    const poll = setInterval(() => void redis.xlen(REQUESTS).then((n) => (peak = Math.max(peak, n))), 50);
    try {
      const err = await lastValueFrom(client.translate(lines)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(S2SError);
      expect((err as S2SError).code).to.equal('E_NO_WORKER');
      expect((err as S2SError).message).to.match(/no worker answered .*`s2s worker --redis/);
      expect(peak).to.equal(8);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await redis.xlen(REQUESTS), 'the failed call deleted its requests').to.equal(0);
    } finally {
      clearInterval(poll);
      await client.close();
    }
  });

  it('says Redis is not reachable, naming the connection error, when nothing listens at the URL', async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    const client = new RedisTranslationClient(nowhere, { pair: 'xx-yy', options, timeoutMs: 800 });
    try {
      const err = await lastValueFrom(client.translate(['a line'])).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as S2SError).code).to.equal('E_NO_WORKER');
      expect((err as S2SError).message).to.match(/Redis is not reachable \(.*ECONNREFUSED.*\); check the --redis URL/);
    } finally {
      await client.close();
    }
  });

  it('emits each line once, in input order, when workers answer out of order and twice', async () => {
    const client = new RedisTranslationClient(server.url, { pair: 'xx-yy', options, timeoutMs: 10_000 });
    const lines = [
      'one',
      { id: 'b', text: 'two' },
      { error: { code: 'E_INPUT_INVALID', message: 'bad record' } },
      'four',
      'five',
    ];
    const results = firstValueFrom(client.translate(lines).pipe(toArray()));
    await redis.xgroup('CREATE', REQUESTS, keys.group, '0', 'MKSTREAM');
    // A fake worker: waits for the four valid lines, then answers them last-first, each twice.
    const requests = await readFakeRequests(redis, 4);
    expect(requests.map((r) => r.text)).to.deep.equal(['one', 'two', 'four', 'five']);
    expect(requests[0]!.options).to.deep.equal(options);
    for (const r of [...requests].reverse()) {
      const value = { text: r.text.toUpperCase(), score: -1, logProb: -1, tokens: 1, nbest: [] };
      for (let copy = 0; copy < 2; copy++)
        await redis.xadd(
          r.reply,
          '*',
          ...replyFields({ id: r.id, call: r.call, seq: r.seq, result: { ok: true, value }, worker: 'fake' }),
        );
    }
    const out = await results;
    await client.close();
    expect(out.map((r) => [r.seq, r.id, r.data.ok ? r.data.value.text : r.data.error.code])).to.deep.equal([
      // a line given without an id keeps none (the pipelines' rule: ids are kept as given, never invented)
      [0, undefined, 'ONE'],
      [1, 'b', 'TWO'],
      [2, undefined, 'E_INPUT_INVALID'],
      [3, undefined, 'FOUR'],
      [4, undefined, 'FIVE'],
    ]);
    expect(await redis.exists(keys.replies(client.id)), 'close() deletes the reply stream').to.equal(0);
  });

  it('keeps input order when the input ends while an earlier result is being emitted', async () => {
    // With 3 lines in flight of 4, lines 1 and 2 answered before line 0: emitting line 0 frees a credit, which admits
    // line 3 and completes the input synchronously, inside the emission of line 0.
    const client = new RedisTranslationClient(server.url, {
      pair: 'xx-yy',
      options,
      maxInFlight: 3,
      timeoutMs: 10_000,
    });
    const results = firstValueFrom(client.translate(['a', 'b', 'c', 'd']).pipe(toArray()));
    await redis.xgroup('CREATE', REQUESTS, keys.group, '0', 'MKSTREAM');
    const answer = async (count: number, order: (seq: number) => number): Promise<void> => {
      const requests = await readFakeRequests(redis, count);
      for (const r of requests.sort((x, y) => order(x.seq) - order(y.seq))) {
        const value = { text: r.text.toUpperCase(), score: -1, logProb: -1, tokens: 1, nbest: [] };
        await redis.xadd(
          r.reply,
          '*',
          ...replyFields({ id: r.id, call: r.call, seq: r.seq, result: { ok: true, value }, worker: 'fake' }),
        );
      }
    };
    await answer(3, (seq) => -seq);
    await answer(1, (seq) => seq);
    const out = await results;
    await client.close();
    expect(out.map((r) => [r.seq, r.data.ok ? r.data.value.text : r.data.error.code])).to.deep.equal([
      [0, 'A'],
      [1, 'B'],
      [2, 'C'],
      [3, 'D'],
    ]);
  });

  it('aborting a call errors it with E_ABORTED and deletes its unanswered requests', async () => {
    const client = new RedisTranslationClient(server.url, { pair: 'xx-yy', options, timeoutMs: 10_000 });
    const controller = new AbortController();
    const call = lastValueFrom(client.translate(['a', 'b', 'c'], { signal: controller.signal })).catch(
      (e: unknown) => e,
    );
    while ((await redis.xlen(REQUESTS)) < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100)); // the client has read XADD's replies (entry ids)
    controller.abort();
    expect(((await call) as S2SError).code).to.equal('E_ABORTED');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await redis.xlen(REQUESTS)).to.equal(0);
    await client.close();
  });
});
