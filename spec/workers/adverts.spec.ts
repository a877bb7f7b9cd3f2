/**
 * Worker adverts against a real redis-server: what `s2s serve --redis` reads to know the pairs. An advert is listed
 * while refreshed, gone at once when withdrawn, and gone after its TTL when its worker stops refreshing (died); the
 * language codes come from the checkpoint, else from a stream name that reads as two codes.
 */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { StreamKeys } from '../../workers/protocol.js';
import { advertisedPair, readAdverts, WorkerAdvertiser } from '../../workers/worker-adverts.js';
import { WorkerPool } from '../../scripts/workers-support/pool.js';

const keys = new StreamKeys('adverts-spec');

describe('workers: adverts of the pairs served', function () {
  this.timeout(30_000);
  const pool = new WorkerPool();
  before(() => pool.setUp());
  after(() => pool.tearDown());

  it('takes the language codes from the checkpoint, else from a stream named src-tgt', () => {
    expect(advertisedPair('en-es', {})).to.deep.equal({ stream: 'en-es', source: 'en', target: 'es' });
    expect(advertisedPair('pt-BR-en', {})).to.deep.equal({ stream: 'pt-BR-en', source: 'pt-BR', target: 'en' });
    expect(advertisedPair('bible-v2', { source: 'en', target: 'de' })).to.deep.equal({
      stream: 'bible-v2',
      source: 'en',
      target: 'de',
    });
    expect(advertisedPair('en-es', { source: 'fr', target: 'it' })).to.deep.equal({
      stream: 'en-es',
      source: 'fr',
      target: 'it',
    });
    expect(advertisedPair('bible-v2', {})).to.deep.equal({ stream: 'bible-v2' });
  });

  it('lists live workers, drops a withdrawn advert at once and an unrefreshed one after its TTL', async () => {
    const redis = pool.redis;
    const bConnection = new Redis(pool.url);
    const a = new WorkerAdvertiser(
      redis,
      keys,
      { worker: 'a', pairs: [{ stream: 'en-es', source: 'en', target: 'es' }] },
      600,
    );
    const b = new WorkerAdvertiser(
      bConnection,
      keys,
      { worker: 'b', pairs: [{ stream: 'de-en', source: 'de', target: 'en' }] },
      600,
    );
    const sleep = (ms: number): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, ms));
    a.start();
    b.start();
    try {
      await sleep(100);
      expect((await readAdverts(redis, keys)).map((x) => x.worker)).to.deep.equal(['a', 'b']);
      await sleep(900); // longer than the TTL: refreshing keeps them
      expect((await readAdverts(redis, keys)).map((x) => x.worker)).to.deep.equal(['a', 'b']);
      await a.withdraw();
      expect(await readAdverts(redis, keys)).to.deep.equal([
        { worker: 'b', pairs: [{ stream: 'de-en', source: 'de', target: 'en' }] },
      ]);
      // b loses Redis as a dead worker would: nothing refreshes or deletes its advert; Redis expires it
      bConnection.disconnect();
      expect(await redis.smembers(keys.adverts)).to.deep.equal(['b']);
      await sleep(800);
      expect(await readAdverts(redis, keys)).to.deep.equal([]);
      expect(await redis.smembers(keys.adverts), 'the reader drops expired names from the set').to.deep.equal([]);
    } finally {
      await a.withdraw();
      await b.withdraw();
    }
  });
});
