/**
 * A poison request — a line that kills every worker that picks it up (the test-only crash hook,
 * S2S_WORKER_TEST_CRASH_ON) — ends in the dead-letter stream after --max-deliveries tries; its client gets one error
 * line and every other line is translated. Three workers, restarted when they die, as a supervisor would.
 */
import { expect } from 'chai';
import { firstValueFrom, toArray } from 'rxjs';
import { fieldRecord, StreamKeys } from '../../workers/protocol.js';
import { TEST_CRASH_ENV } from '../../workers/test-crash-hook.js';
import { DEAD_LETTER_CODE } from '../../workers/errors.js';
import { WorkerPool } from '../../scripts/workers-support/pool.js';
import { LINES, localTranslations } from '../../scripts/workers-support/lines.js';

const keys = new StreamKeys();
const MARKER = 'POISON-PILL';
const MAX_DELIVERIES = 2;

describe('workers: a poison request', function () {
  this.timeout(180_000);
  const pool = new WorkerPool();
  let supervising = true;
  /** Workers being started (awaited before the servers are stopped, so none outlives the spec). */
  const starting = new Set<Promise<void>>();

  /** Starts worker `name` and starts it again each time it dies, while supervising. */
  function supervise(name: string): Promise<void> {
    const args = ['--claim-idle', '1500', '--max-deliveries', String(MAX_DELIVERIES), '--prefetch', '8'];
    const start = pool
      .startWorker(`${name}-${pool.workers.length}`, args, { [TEST_CRASH_ENV]: MARKER })
      .then((worker) => {
        if (!supervising) worker.kill('SIGKILL');
        void worker.exited.then(() => (supervising ? supervise(name) : undefined));
      });
    starting.add(start);
    return start.finally(() => starting.delete(start));
  }

  before(() => pool.setUp());
  after(() => pool.tearDown());
  pool.onTearDown(async () => {
    supervising = false;
    await Promise.allSettled([...starting]);
  });

  it(`goes to the dead-letter stream after ${MAX_DELIVERIES} deliveries with one error line; the other lines are translated`, async () => {
    const lines = LINES.slice(0, 24).map((line, i) => (i === 9 ? `${MARKER} ${line}` : line));
    const [local] = await Promise.all([localTranslations(), supervise('a'), supervise('b'), supervise('c')]);
    const expected = local.slice(0, 24);
    const client = pool.startClient({ timeoutMs: 60_000 });
    try {
      const results = await firstValueFrom(client.translate(lines).pipe(toArray()));
      expect(results.map((r) => r.seq)).to.deep.equal(lines.map((_, i) => i));
      const poisoned = results[9]!;
      expect(poisoned.data.ok).to.equal(false);
      if (!poisoned.data.ok) expect(poisoned.data.error.code).to.equal(DEAD_LETTER_CODE);
      const others = results
        .filter((_, i) => i !== 9)
        .map((r) => (r.data.ok ? r.data.value.text : r.data.error.message));
      expect(others).to.deep.equal(expected.filter((_, i) => i !== 9));
    } finally {
      await client.close();
    }
    const dead = (await pool.redis.xrange(keys.deadLetter, '-', '+')).map(([, fields]) => fieldRecord(fields));
    expect(dead).to.have.length(1);
    expect(dead[0]!['text']).to.equal(lines[9]);
    expect(Number(dead[0]!['deliveries'])).to.equal(MAX_DELIVERIES + 1);
    const crashed = pool.workers.filter((w) => w.child.signalCode === 'SIGKILL');
    expect(crashed, 'each delivery of the poison killed its worker').to.have.length(MAX_DELIVERIES);
  });
});
