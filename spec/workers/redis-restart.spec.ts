/**
 * Redis restarted (AOF on) in the middle of `s2s translate --redis`: the CLI client and the worker reconnect and the
 * run finishes with every line, identical to the local `s2s translate`.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { WorkerPool } from '../../scripts/workers-support/pool.js';
import { EN_ES } from '../../scripts/workers-support/worker-process.js';
import { DECODE_ARGS, LINES, localTranslations } from '../../scripts/workers-support/lines.js';

describe('workers: Redis restarted during a run', function () {
  this.timeout(180_000);
  const pool = new WorkerPool(true);
  before(() => pool.setUp());
  after(() => pool.tearDown());

  it('s2s translate --redis and the worker reconnect and finish without loss', async () => {
    const server = pool.server;
    const [expected, worker] = await Promise.all([
      localTranslations(),
      pool.startWorker('w', ['--claim-idle', '3000']),
    ]);
    const client = spawn(
      process.execPath,
      [
        'bin/s2s.js',
        'translate',
        '--redis',
        server.url,
        '-m',
        EN_ES,
        ...DECODE_ARGS,
        '--no-progress',
        '--max-in-flight',
        '64',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    client.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let linesAtRestart = -1;
    const restarted = new Promise<void>((resolve, reject) => {
      client.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (linesAtRestart >= 0) return;
        linesAtRestart = stdout.split('\n').length - 1;
        if (linesAtRestart < 1) {
          linesAtRestart = -1;
          return;
        }
        void (async () => {
          await server.stop();
          await new Promise((r) => setTimeout(r, 500));
          await server.restart();
        })().then(resolve, reject);
      });
    });
    client.stdin.end(`${LINES.join('\n')}\n`);
    const [code] = (await once(client, 'exit')) as [number | null];
    await restarted;
    expect(code, stderr).to.equal(0);
    expect(linesAtRestart).to.be.within(1, LINES.length - 1);
    expect(stdout.split('\n').slice(0, -1)).to.deep.equal(expected);
    expect(worker.log).to.match(/reconnecting/);
  });
});
