/**
 * Hostile but realistic uses of the real `s2s` binary (child processes, each bounded by a time limit): damaged and
 * strange input, model paths that are not model files, closed or full output, killed runs. Each case ends with full
 * ordered output or one clear error line and a non-zero exit; never a stack trace, a silent drop or a hang.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack, unpackMultiple } from 'msgpackr';
import { expectCleanError, expectNoCrash, LM, MODEL, runS2s } from './run-s2s.js';

/** Fast decoding for every case: greedy, short outputs. */
const FAST = ['--beam-size', '1', '--max-length', '8', '--max-wait', '5'];

describe('hostile CLI cases (real binary, shipped model)', function () {
  this.timeout(90_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 's2s-hostile-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('messy text (BOM, CR and CRLF endings, NUL, invalid UTF-8, blank, 3,000-word and 5 KB no-space lines): one line out per line in, in order', async () => {
    const lines = [
      Buffer.from('\ufeffIn the beginning.'),
      Buffer.from('He went up.\r'),
      Buffer.from('   '),
      Buffer.from('a\u0000b'),
      Buffer.from([0xc3, 0x28, 0xff, 0x41]),
      Buffer.from(Array.from({ length: 3_000 }, (_, i) => ['and', 'the', 'king', 'said'][i % 4]).join(' ')),
      Buffer.from('x'.repeat(5_000)),
      Buffer.from('🙂 مرحبا 你好'),
      Buffer.from('The end.'),
    ];
    const input = Buffer.concat(lines.flatMap((l, i) => (i === 1 ? [l] : [l, Buffer.from(i === 0 ? '\r\n' : '\n')])));
    const r = await runS2s(['translate', '-m', MODEL, ...FAST, '--max-length-ratio', '0.5'], { input });
    expectNoCrash(r);
    expect(r.code, r.stderr).to.equal(0);
    const out = r.stdout.toString().split('\n');
    expect(out.pop()).to.equal('');
    expect(out).to.have.length(lines.length);
    expect(out[2], 'a blank line stays blank').to.equal('');
    for (const i of [0, 1, 5, 6, 8]) expect(out[i], `line ${i + 1}`).to.not.equal('');
    expect(r.stderr).to.match(/lines: 9/);
  });

  it('jsonl with hostile records: big and missing ids, garbage, wrong types, deep nesting — one record per line, ids exact', async () => {
    const input = [
      '{"id":18446744073709551617,"text":"The king."}',
      '{"text":"No id."}',
      'garbage {',
      '{"id":1,"text":42}',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      '',
      '{"id":"1","text":"Same id as a number above, but a string."}',
    ].join('\n');
    const r = await runS2s(['translate', '-m', MODEL, ...FAST, '-f', 'jsonl'], { input: `${input}\n` });
    expectNoCrash(r);
    expect(r.code, r.stderr).to.equal(0);
    const out = r.stdout.toString().trimEnd().split('\n');
    expect(out).to.have.length(7);
    expect(out[0]).to.match(/^\{"id":18446744073709551617,"line":1,"translation":"[^"]+"/);
    const records = out.map((l) => JSON.parse(l) as { id: unknown; line: number; error?: { code: string } });
    expect(records.map((x) => x.line)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    expect(records.map((x) => x.id).slice(1)).to.deep.equal([null, null, 1, null, null, '1']);
    expect(records.map((x) => x.error?.code ?? 'ok')).to.deep.equal([
      'ok',
      'ok',
      'E_INPUT_INVALID',
      'E_INPUT_INVALID',
      'E_INPUT_INVALID',
      'E_INPUT_INVALID',
      'ok',
    ]);
  });

  it('msgpack file of three frames, the last cut short: two translations + one error record, then exit 1 with one line', async () => {
    const frames = [
      pack({ id: 1, text: 'The king.' }),
      pack({ id: 2, text: 'The city.' }),
      pack({ id: 3, text: 'The mountain.' }),
    ];
    const path = join(dir, 'cut.msgpack');
    await writeFile(path, Buffer.concat([frames[0]!, frames[1]!, frames[2]!.subarray(0, 6)]));
    const r = await runS2s(['translate', '-m', MODEL, ...FAST, '-f', 'msgpack', path]);
    expectCleanError(r, 1, /cut\.msgpack: the input is damaged/);
    const records = unpackMultiple(r.stdout) as { id: unknown; translation?: string; error?: { code: string } }[];
    expect(records.map((x) => x.id)).to.deep.equal([1, 2, null]);
    expect(records[0]!.translation).to.be.a('string').and.not.equal('');
    expect(records[2]!.error!.code).to.equal('E_INPUT_TRUNCATED');
  });

  it('-m /dev/zero, -m a FIFO: refused at once as not a regular file (no read without end, no hang)', async () => {
    const fifo = join(dir, 'model.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const model of ['/dev/zero', fifo]) {
      const r = await runS2s(['translate', '-m', model, ...FAST], { input: 'Hello.\n', timeoutMs: 30_000 });
      expectCleanError(
        r,
        1,
        new RegExp(
          `${model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is (a device|a pipe|a directory).*not a regular file`,
        ),
      );
    }
  });

  it('a text file given as the model: one line saying it is not a checkpoint, exit 1', async () => {
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'not a model\n');
    expectCleanError(await runS2s(['translate', '-m', text, ...FAST], { input: 'Hi.\n' }), 1, /notes\.txt is corrupt/);
  });

  it('`| head -1`: the reader closes stdout after one line; translate and lm score stop quietly (exit 0, no trace)', async () => {
    const input = 'In the beginning.\n'.repeat(200);
    const firstLineThenClose = (chunk: Buffer, close: () => void): void => {
      if (chunk.includes(0x0a)) close();
    };
    const t = await runS2s(['translate', '-m', MODEL, ...FAST], { input, onStdout: firstLineThenClose });
    expectNoCrash(t);
    expect(t.code, t.stderr).to.equal(0);
    const l = await runS2s(['lm', 'score', '-m', LM], {
      input: 'En el principio.\n'.repeat(2000),
      onStdout: firstLineThenClose,
    });
    expectNoCrash(l);
    expect(l.code, l.stderr).to.equal(0);
  });

  it('stdout on a full disk (/dev/full): one line naming standard output and ENOSPC, exit 1', async () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = await runS2s(['translate', '-m', MODEL, ...FAST], { input: 'In the beginning.\n', stdoutFd: fd });
      expectCleanError(r, 1, /cannot write standard output: no space left on the device \(ENOSPC\)/);
    } finally {
      closeSync(fd);
    }
  });

  it('lm score of a directory: one line naming the path, exit 1', async () => {
    expectCleanError(await runS2s(['lm', 'score', '-m', LM, dir]), 1, /cannot read .*: it is a directory \(EISDIR\)/);
  });

  it('a directory run killed with SIGKILL mid-way, then rerun: every file translated once, no temporaries left', async () => {
    const input = join(dir, 'corpus');
    const output = join(dir, 'translated');
    await mkdir(input);
    for (let i = 0; i < 6; i++) await writeFile(join(input, `f${i}.txt`), `${'And God saw the light.\n'.repeat(40)}`);
    let killed = false;
    let signal: (name: NodeJS.Signals) => void = () => undefined;
    const first = runS2s(['translate', '-m', MODEL, ...FAST, input, '-o', output], {
      timeoutMs: 60_000,
      onStart: (send) => (signal = send),
    });
    // kill as soon as the first finished file appears (a temporary of the next one is then being written)
    for (let waited = 0; waited < 60_000 && !killed; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const names = await readdir(output).catch(() => [] as string[]);
      if (names.some((n) => n.endsWith('.txt') && !n.startsWith('.'))) {
        signal('SIGKILL');
        killed = true;
      }
    }
    const r1 = await first;
    expect(killed || r1.code === 0, 'run neither finished nor was killed').to.equal(true);
    const r2 = await runS2s(['translate', '-m', MODEL, ...FAST, input, '-o', output]);
    expectNoCrash(r2);
    expect(r2.code, r2.stderr).to.equal(0);
    const names = (await readdir(output)).sort();
    expect(names).to.deep.equal(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt', 'f5.txt']);
    for (const n of names) expect((await readFile(join(output, n), 'utf8')).split('\n')).to.have.length(41);
  });
});
