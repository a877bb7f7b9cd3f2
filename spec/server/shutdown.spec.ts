/**
 * `s2s serve` as a child process: SIGTERM with requests in flight (HTTP and a WebSocket session) → every accepted
 * request is answered, the WebSocket line too, then the process exits 0.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect } from 'chai';
import WebSocket from 'ws';
import { MODEL, postJson } from './start-server.js';

describe('s2s serve: graceful shutdown', () => {
  it('SIGTERM finishes the accepted requests, then exits 0', async () => {
    const child = spawn(
      process.execPath,
      ['bin/s2s.js', 'serve', '--model', MODEL, '--port', '0', '--beam-size', '1', '--max-wait', '2000', '--quiet'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
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
      expect(exitCode, stderr).to.equal(0);
      expect(stderr).to.match(/all requests answered/);
      const after = await fetch(`${url}/health`).then(
        () => 'answered',
        () => 'refused',
      );
      expect(after).to.equal('refused');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
