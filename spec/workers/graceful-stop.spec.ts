/**
 * SIGTERM while a worker holds requests: it reads nothing more, answers and acknowledges what it holds and exits 0.
 * Take-over is set far beyond the client's timeout, so a dropped request would fail the run instead of being rescued.
 */
import { expect } from 'chai';
import { firstValueFrom, toArray } from 'rxjs';
import { StreamKeys } from '../../workers/protocol.js';
import { WorkerPool } from '../../scripts/workers-support/pool.js';
import { LINES, localTranslations } from '../../scripts/workers-support/lines.js';

const keys = new StreamKeys();
const REQUESTS = keys.requests('en-es');

describe('workers: SIGTERM during a run', function () {
  this.timeout(180_000);
  const pool = new WorkerPool();
  before(() => pool.setUp());
  after(() => pool.tearDown());

  it('finishes and acknowledges what the stopped worker holds, then it exits 0', async () => {
    const lines = LINES.slice(0, 80);
    const args = ['--claim-idle', '600000', '--prefetch', '16'];
    const [local, stopped, other] = await Promise.all([
      localTranslations(),
      pool.startWorker('stopped', args),
      pool.startWorker('other', args),
    ]);
    const redis = pool.redis;
    const client = pool.startClient({ timeoutMs: 30_000 });
    try {
      const results = firstValueFrom(client.translate(lines).pipe(toArray()));
      let held = 0;
      while (held === 0) {
        const summary = (await redis.xpending(REQUESTS, keys.group)) as [
          number,
          string | null,
          string | null,
          [string, string][] | null,
        ];
        held = Number((summary[3] ?? []).find(([name]) => name === 'stopped')?.[1] ?? 0);
        if (held === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      stopped.kill('SIGTERM');
      expect(await stopped.exited).to.equal(0);
      expect(stopped.log).to.match(/SIGTERM: finishing [1-9]\d* held request/);
      const out = await results;
      expect(out.map((r) => (r.data.ok ? r.data.value.text : r.data.error.message))).to.deep.equal(local.slice(0, 80));
      expect(other.log, 'nothing had to be taken over').to.not.match(/reclaimed/);
    } finally {
      await client.close();
    }
    expect(await redis.xlen(REQUESTS)).to.equal(0);
  });
});
