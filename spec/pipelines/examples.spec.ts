import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mergeStreamsExample } from '../../pipelines/examples/merge-streams.js';
import { customFilterExample } from '../../pipelines/examples/custom-filter.js';

describe('pipelines/examples', () => {
  it('merge-streams: both streams get their own results back', async () => {
    const lines = await mergeStreamsExample();
    expect(lines.filter((l) => l.startsWith('left'))).to.deep.equal(['left: olleh', 'left: dlrow']);
    expect(lines.filter((l) => l.startsWith('right'))).to.deep.equal(['right: gninrom doog']);
  });

  it('custom-filter: digit-only lines are copied, the rest translated, in order', async () => {
    expect(await customFilterExample()).to.deep.equal(['cba', '12:30', 'zyx', '99 %']);
  });

  it('live-stream (child process, stdin held open): each translation appears before the next line is written', async function () {
    this.timeout(30000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'pipelines/examples/live-stream.ts'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      for (const line of ['first line', 'second', 'third one']) {
        const next = once(child.stdout, 'data');
        child.stdin.write(`${line}\n`);
        const [chunk] = (await next) as [Buffer];
        expect(chunk.toString()).to.equal(`${[...line].reverse().join('')}\n`);
      }
      child.stdin.end();
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).to.equal(0);
    } finally {
      child.kill();
    }
  });
});
