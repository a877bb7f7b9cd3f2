/**
 * Two real workers (child processes running `s2s worker`) on a real redis-server; one is SIGKILLed while it holds
 * requests. Every line must still come back exactly once, in order, identical to the local `s2s translate`.
 * Then SIGTERM stops the survivor cleanly (exit 0, nothing left pending).
 */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { toArray, firstValueFrom, tap } from 'rxjs';
import { StreamKeys } from '../../workers/protocol.js';
import type { TranslationResult } from '../../pipelines/translate.js';
import { WorkerPool } from '../../scripts/workers-support/pool.js';
import { LINES, localTranslations } from '../../scripts/workers-support/lines.js';

const keys = new StreamKeys();
const REQUESTS = keys.requests('en-es');

/** Pending entries per consumer (`XPENDING key group` summary). */
async function pendingByConsumer(redis: Redis): Promise<Map<string, number>> {
  const summary = (await redis.xpending(REQUESTS, keys.group)) as [
    number,
    string | null,
    string | null,
    [string, string][] | null,
  ];
  return new Map((summary[3] ?? []).map(([name, count]) => [name, Number(count)]));
}

describe('workers: a worker killed mid-run (SIGKILL)', function () {
  this.timeout(180_000);
  const pool = new WorkerPool();
  before(() => pool.setUp());
  after(() => pool.tearDown());

  it('loses no line: 200 lines back exactly once, in order, identical to local s2s translate', async () => {
    const args = ['--claim-idle', '2000', '--prefetch', '16'];
    const [expected, victim, survivor] = await Promise.all([
      localTranslations(),
      pool.startWorker('victim', args),
      pool.startWorker('survivor', args),
    ]);
    const redis = pool.redis;
    const client = pool.startClient({ maxInFlight: 100, timeoutMs: 60_000 });
    let heldByVictimAtKill = 0;
    let received = 0;
    let checking = false;
    // From the 20th result on: freeze the victim (SIGSTOP: it can answer nothing more), and if it holds requests,
    // SIGKILL it; else let it go on and try again at the next result.
    const killWhileHolding = async (): Promise<void> => {
      victim.kill('SIGSTOP');
      const held = (await pendingByConsumer(redis)).get('victim') ?? 0;
      if (held > 0) {
        heldByVictimAtKill = held;
        victim.kill('SIGKILL');
      } else victim.kill('SIGCONT');
    };
    try {
      const results: TranslationResult[] = await firstValueFrom(
        client.translate(LINES).pipe(
          tap(() => {
            received++;
            if (received >= 20 && heldByVictimAtKill === 0 && !checking) {
              checking = true;
              void killWhileHolding().finally(() => (checking = false));
            }
          }),
          toArray(),
        ),
      );
      expect(await victim.exited).to.equal(null);
      expect(victim.child.signalCode).to.equal('SIGKILL');
      expect(heldByVictimAtKill, 'the victim held requests when it was killed').to.be.greaterThan(0);
      expect(results.map((r) => r.seq)).to.deep.equal(LINES.map((_, i) => i));
      expect(results.map((r) => r.source)).to.deep.equal(LINES);
      expect(results.map((r) => (r.data.ok ? r.data.value.text : r.data.error.message))).to.deep.equal(expected);
      expect(survivor.log).to.match(/reclaimed/);
    } finally {
      await client.close();
    }

    // The survivor took the victim's requests over: nothing is pending; SIGTERM stops it cleanly.
    expect(await pendingByConsumer(redis)).to.deep.equal(new Map());
    expect(await redis.xlen(REQUESTS), 'answered requests are deleted').to.equal(0);
    survivor.kill('SIGTERM');
    expect(await survivor.exited).to.equal(0);
    expect(survivor.log).to.match(/stopped/);
    const consumers = (await redis.xinfo('CONSUMERS', REQUESTS, keys.group)) as unknown[][];
    expect(
      consumers.map((c) => c[1]),
      'the survivor left the group; the victim stays listed',
    ).to.deep.equal(['victim']);
  });
});
