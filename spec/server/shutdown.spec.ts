/**
 * `s2s serve` as a child process: SIGTERM with requests in flight (HTTP and a WebSocket session) → every accepted
 * request is answered, the WebSocket line too, then the process exits 0; a request that never completes is cut off
 * at the shutdown deadline.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { expect } from 'chai';
import WebSocket from 'ws';
import { MODEL, postJson } from './start-server.js';
import { s2s } from '../helpers/cli.js';

/** Starts `s2s serve` with `args`; resolves with its URL once it listens. `stderr()` is what it printed so far. */
async function startServe(
  args: string[],
): Promise<{ child: ChildProcessWithoutNullStreams; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, ['bin/s2s.js', 'serve', '--model', MODEL, '--port', '0', '--quiet', ...args]);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

describe('s2s serve: graceful shutdown', () => {
  it('SIGTERM finishes the accepted requests, then exits 0', async () => {
    const { child, url, stderr: printed } = await startServe(['--beam-size', '1', '--max-wait', '2000']);
    const exited = once(child, 'exit');
    try {
      const socket = new WebSocket(`${url.replace('http', 'ws')}/v1/stream?target=es`);
      await once(socket, 'open');
      const wsMessages: unknown[] = [];
      socket.on('message', (data) => wsMessages.push(JSON.parse(String(data))));
      const wsClosed = once(socket, 'close');
      socket.send(JSON.stringify({ id: 'w', text: 'In the beginning.' }));
      const requests = Array.from({ length: 3 }, (_, i) =>
        postJson(`${url}/v1/translate`, { target: 'es', lines: [`The people answered ${i}.`, 'In the beginning.'] }),
      );
      // wait until all of them are queued (the 2 s batch window holds them), then ask the server to stop
      for (;;) {
        const ready = (await (await fetch(`${url}/ready`)).json()) as { queued: number };
        if (ready.queued >= 7) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      child.kill('SIGTERM');
      const answers = await Promise.all(requests);
      for (const answer of answers) {
        expect(answer.status).to.equal(200);
        expect(answer.body.results).to.have.length(2);
        for (const r of answer.body.results) expect(r.translation).to.be.a('string').and.not.equal('');
      }
      const [code] = await wsClosed;
      expect(code).to.equal(1001);
      expect(wsMessages).to.have.length(1);
      expect(wsMessages[0]).to.have.property('id', 'w');
      expect(wsMessages[0]).to.have.property('translation').that.is.a('string').and.not.empty;
      const [exitCode] = await exited;
      expect(exitCode, printed()).to.equal(0);
      expect(printed()).to.match(/all requests answered/);
      const after = await fetch(`${url}/health`).then(
        () => 'answered',
        () => 'refused',
      );
      expect(after).to.equal('refused');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('a request whose body never ends cannot keep the server: past --shutdown-timeout it closes the connection, exits 1', async () => {
    const { child, url, stderr } = await startServe(['--shutdown-timeout', '1500']);
    const exited = once(child, 'exit');
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    try {
      await once(socket, 'connect');
      const closed = once(socket, 'close');
      // headers and the start of a 100-byte body: the request is accepted and waits for the rest, which never comes
      socket.write(
        'POST /v1/translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const signalled = Date.now();
      child.kill('SIGTERM');
      const [exitCode] = await exited;
      expect(exitCode, stderr()).to.equal(1);
      expect(Date.now() - signalled).to.be.within(1400, 10_000);
      expect(stderr()).to.match(/work still open after 1500 ms .*closing the remaining connections/);
      await closed;
    } finally {
      socket.destroy();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('bounds --shutdown-timeout (a delay past 2^31 − 1 ms would fire at once) and the batch flags as translate does', async () => {
    const long = await s2s(['serve', '--model', MODEL, '--port', '0', '--shutdown-timeout', '3000000000']);
    expect(long.code).to.equal(2);
    expect(long.stderr).to.match(/--shutdown-timeout must be an integer from 0 to 86400000 .*got 3000000000/);
    const idle = await s2s(['serve', '--model', MODEL, '--port', '0', '--idle-timeout', '0']);
    expect(idle.code).to.equal(2);
    expect(idle.stderr).to.match(/--idle-timeout must be an integer from 100 to 86400000 .*got 0/);
    const batch = await s2s(['serve', '--model', MODEL, '--port', '0', '--max-sentences', '5000']);
    expect(batch.code).to.equal(2);
    expect(batch.stderr).to.match(/--max-sentences must be an integer from 1 to 4096/);
  });

  it('bounds the server’s own size flags before loading anything', async () => {
    const cases: [string, string, RegExp][] = [
      ['--max-queue', '0', /--max-queue must be an integer from 1 to 1048576 .*got 0/],
      ['--max-queue', '1e9', /--max-queue must be an integer from 1 to 1048576 .*got 1000000000/],
      ['--retry-after', '1.5', /--retry-after must be an integer from 1 to 86400 .*got 1\.5/],
      ['--body-limit', '4e9', /--body-limit must be an integer from 1 to 1073741824 .*got 4000000000/],
      ['--max-streams', '0', /--max-streams must be an integer from 1 to 65536 .*got 0/],
      ['--stream-idle-timeout', '-1', /--stream-idle-timeout must be an integer from 0 to 86400000 .*got -1/],
      ['--max-beam-size', '5000', /--max-beam-size must be an integer from 1 to 1024 .*got 5000/],
    ];
    // a model path that does not exist: a flag checked after loading would fail on the model instead
    for (const [flag, value, message] of cases) {
      const result = await s2s(['serve', '--model', 'missing.s2s', '--port', '0', flag, value]);
      expect(result.code, `${flag} ${value}`).to.equal(2);
      expect(result.stderr, `${flag} ${value}`).to.match(message);
    }
  });

  it('--idle-timeout closes a connection that sends nothing', async () => {
    const { child, url } = await startServe(['--idle-timeout', '300']);
    try {
      const started = Date.now();
      const socket = connect(Number(new URL(url).port), '127.0.0.1');
      socket.on('error', () => undefined);
      await once(socket, 'close');
      expect(Date.now() - started).to.be.within(250, 1500);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
