/**
 * SIGINT / SIGTERM during `s2s translate` (scripts/translate/interrupt.ts), in process with a fake model and a fake
 * signal source: the run stops reading and decoding, the file being written is abandoned (no target, no temporary
 * left), files already finished stay, the exit code is 128 + the signal's number, and a rerun of a directory goes on.
 */
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hypothesis } from '../../lib/decode/hypothesis.js';
import { translateInProcess } from '../helpers/translate-in-process.js';
import { reversed } from '../pipelines/fakes.js';

/** A reversing model that sends `signal` to `signals` when its batch number `at` starts; counts its batches. */
class SignalOnBatch {
  batches = 0;
  constructor(
    private readonly signals: EventEmitter,
    private readonly signal: 'SIGINT' | 'SIGTERM',
    private readonly at: number,
  ) {}
  async translateBatch(sources: readonly (readonly number[])[]): Promise<Hypothesis[][]> {
    if (++this.batches === this.at) this.signals.emit(this.signal);
    await new Promise((resolve) => setTimeout(resolve, 1));
    return sources.map(reversed);
  }
}

const LINES = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n') + '\n';
const SMALL = ['--max-sentences', '2', '--max-in-flight', '4'];

describe('s2s translate: SIGINT / SIGTERM', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 's2s-interrupt-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} while -o FILE is written: exit ${code}, no output file and no temporary left, decoding stopped`, async () => {
      await writeFile(join(root, 'in.txt'), LINES);
      await mkdir(join(root, 'out'));
      const signals = new EventEmitter();
      const model = new SignalOnBatch(signals, signal, 5);
      const target = join(root, 'out', 'in.es');
      const r = await translateInProcess([join(root, 'in.txt'), '-o', target, ...SMALL], '', model, signals);
      expect(r.code, r.err).to.equal(code);
      expect(r.err).to.contain(`s2s translate: interrupted by ${signal}: ${target} was not written`);
      expect(await readdir(join(root, 'out'))).to.deep.equal([]);
      expect(model.batches, 'batches decoded after the signal').to.be.at.most(5 + 2);
      expect(signals.listenerCount(signal), 'handlers removed').to.equal(0);
    });
  }

  it('SIGINT during a directory: finished files kept, the current one abandoned; the rerun translates the rest', async () => {
    const input = join(root, 'in');
    const output = join(root, 'out');
    await mkdir(input);
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await writeFile(join(input, name), LINES);
    const signals = new EventEmitter();
    // 200 lines in batches of 2: batch 150 is in the middle of b.txt.
    const r = await translateInProcess(
      [input, '-o', output, ...SMALL],
      '',
      new SignalOnBatch(signals, 'SIGINT', 150),
      signals,
    );
    expect(r.code, r.err).to.equal(130);
    expect(r.err).to.match(/interrupted by SIGINT: .*b\.txt was not written \(a rerun goes on from there\)/);
    expect(await readdir(output)).to.deep.equal(['a.txt']);
    const rerun = await translateInProcess([input, '-o', output, ...SMALL]);
    expect(rerun.code, rerun.err).to.equal(0);
    expect(rerun.err).to.match(/skip .*a\.txt \(done/);
    expect(await readdir(output)).to.deep.equal(['a.txt', 'b.txt', 'c.txt']);
    for (const name of ['a.txt', 'b.txt', 'c.txt'])
      expect((await readFile(join(output, name), 'utf8')).split('\n')).to.have.length(201);
  });

  it('SIGINT while translating stdin to stdout: the lines before it stay written, exit 130', async () => {
    const signals = new EventEmitter();
    const r = await translateInProcess(SMALL, LINES, new SignalOnBatch(signals, 'SIGINT', 10), signals);
    expect(r.code, r.err).to.equal(130);
    expect(r.err).to.contain('interrupted by SIGINT: the lines before it were written');
    const out = r.out.toString().split('\n').slice(0, -1);
    expect(out.length).to.be.within(1, 199);
    out.forEach((line, i) => expect(line).to.equal([...`line ${i}`].reverse().join('')));
  });
});
