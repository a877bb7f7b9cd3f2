/**
 * Redis restarted (AOF on) in the middle of `s2s translate --redis`: the CLI client and the worker reconnect and the
 * run finishes with every line, identical to the local `s2s translate`.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { RedisServer } from '../../scripts/workers-support/redis-server.js';
import { EN_ES, WorkerProcess } from '../../scripts/workers-support/worker-process.js';
import { DECODE_ARGS, LINES, localTranslations } from '../../scripts/workers-support/lines.js';

describe('workers: Redis restarted during a run', function () {
  this.timeout(180_000);
  let server: RedisServer;
  let worker: WorkerProcess | undefined;

  before(async () => {
    server = await RedisServer.start(true);
  });
  after(async () => {
    worker?.kill('SIGKILL');
    await server.destroy();
  });

  it('s2s translate --redis and the worker reconnect and finish without loss', async () => {
    const [expected, started] = await Promise.all([localTranslations(), WorkerProcess.start(server.url, 'w', ['--claim-idle', '3000'])]);
    worker = started;
    const client = spawn(process.execPath, ['bin/s2s.js', 'translate', '--redis', server.url, '-m', EN_ES, ...DECODE_ARGS, '--no-progress', '--max-in-flight', '64'], { stdio: ['pipe', 'pipe', 'pipe'] });
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
