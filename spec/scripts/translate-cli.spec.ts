/** `s2s translate` with the shipped model, as a user runs it: pipes, held-open stdin, bad input, bad model files. */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MODEL = 'fixtures/models/en-es.s2s';

function translate(
  input: Buffer | string,
  args: string[] = [],
): { status: number | null; lines: string[]; stderr: string } {
  const r = spawnSync(
    'node',
    ['bin/s2s.js', 'translate', '--model', MODEL, '--beam-size', '1', '--max-length', '20', ...args],
    { input, encoding: 'utf8' },
  );
  return { status: r.status, lines: r.stdout.split('\n').slice(0, -1), stderr: r.stderr };
}

describe('s2s translate (CLI, shipped model)', function () {
  this.timeout(120_000);

  it('every input line yields exactly one output line, in order: empty, invalid UTF-8, overlong and control-character lines included', () => {
    const input = Buffer.concat([
      Buffer.from('In the beginning.\n\n'),
      Buffer.from([0x48, 0x65, 0xff, 0xfe, 0x6c, 0x6c, 0x6f, 0x0a]), // "He\xff\xfello" — invalid UTF-8
      Buffer.from(`${'word '.repeat(400)}\n`),
      Buffer.from('tab\there\u0000nul\n'),
      Buffer.from('The end.'), // no final newline
    ]);
    const { status, lines, stderr } = translate(input);
    expect(status, stderr).to.equal(0);
    expect(lines).to.have.length(6);
    expect(lines[1]).to.equal(''); // an empty line translates to an empty line
    for (const i of [0, 2, 3, 4, 5]) expect(lines[i], `line ${i + 1}`).to.not.equal('');
    expect(stderr).to.match(/lines: 6/);
  });

  it('is deterministic: the same command gives the same translations (beam 5; seeded sampling), another seed samples differently', () => {
    const input =
      'In the beginning God created the heavens and the earth.\nThe Lord is my shepherd.\nLove your neighbour as yourself.\n';
    const beam = [translate(input, ['--beam-size', '5']), translate(input, ['--beam-size', '5'])];
    expect(beam[0]!.status, beam[0]!.stderr).to.equal(0);
    expect(beam[0]!.lines).to.have.length(3);
    expect(beam[1]!.lines).to.deep.equal(beam[0]!.lines);
    const sample = (seed: string): string[] => translate(input, ['--sampling', '--seed', seed]).lines;
    const first = sample('7');
    expect(sample('7')).to.deep.equal(first);
    expect(sample('8')).to.not.deep.equal(first);
  });

  it('with stdin held open, each translation appears before the next line is written', async () => {
    const child = spawn(
      'node',
      ['bin/s2s.js', 'translate', '--model', MODEL, '--beam-size', '1', '--max-length', '10'],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const received: string[] = [];
    let buffer = '';
    const nextLine = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no output within 30 s; got: ${JSON.stringify(received)}`)),
          30_000,
        );
        const check = (): void => {
          const i = buffer.indexOf('\n');
          if (i < 0) return;
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolve(line);
        };
        const onData = (chunk: Buffer): void => {
          buffer += chunk.toString('utf8');
          check();
        };
        child.stdout.on('data', onData);
        check();
      });
    for (const line of ['God saw the light.', 'The people answered.', 'He went up.']) {
      child.stdin.write(`${line}\n`); // the pipe stays open: no EOF until the end
      received.push(await nextLine());
    }
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
    expect(received).to.have.length(3);
    expect(received.every((l) => l.length > 0)).to.equal(true);
  });

  it('jsonl in and out, with n-best and scores; a malformed record becomes an error record in place', () => {
    const { status, lines } = translate('{"id":"a","text":"God saw the light."}\nnot json\n{"id":"c","text":""}\n', [
      '--format',
      'jsonl',
      '--beam-size',
      '3',
      '--n-best',
      '2',
    ]);
    expect(status).to.equal(0);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).to.have.length(3);
    expect(records[0]!['id']).to.equal('a');
    expect(records[0]!['nbest']).to.have.length(2);
    expect(records[1]!['error']).to.have.property('code');
    expect(records[2]!['id']).to.equal('c');
  });

  it('a missing, truncated or corrupt model file is a clear error (exit 1), never output', () => {
    const dir = mkdtempSync(join(tmpdir(), 's2s-'));
    const bytes = readFileSync(MODEL);
    writeFileSync(join(dir, 'truncated.s2s'), bytes.subarray(0, 1000));
    const flipped = Buffer.from(bytes);
    flipped[bytes.length >> 1]! ^= 0x10;
    writeFileSync(join(dir, 'flipped.s2s'), flipped);
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'missing.s2s'), /no checkpoint at .*missing\.s2s/],
      [join(dir, 'truncated.s2s'), /truncated/i],
      [join(dir, 'flipped.s2s'), /corrupt|checksum/i],
      ['fixtures/models/es-lm.s2s', /kind|language model|lm/i],
    ];
    for (const [path, message] of cases) {
      const r = spawnSync('node', ['bin/s2s.js', 'translate', '--model', path], {
        input: 'Hello.\n',
        encoding: 'utf8',
      });
      expect(r.status, `${path}: ${r.stderr}`).to.equal(1);
      expect(r.stdout).to.equal('');
      expect(r.stderr).to.match(message);
    }
  });

  it('--alignment soft gives a [T][S] weight matrix whose rows sum to 1; hard gives one source position per target token', () => {
    const soft = JSON.parse(
      translate('{"id":1,"text":"God saw the light."}\n', ['--format', 'jsonl', '--alignment', 'soft']).lines[0]!,
    ) as { alignment: number[][] };
    expect(soft.alignment.length).to.be.at.least(1);
    for (const row of soft.alignment) expect(row.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-5);
    const hard = JSON.parse(
      translate('{"id":1,"text":"God saw the light."}\n', ['--format', 'jsonl', '--alignment', 'hard']).lines[0]!,
    ) as { alignment: number[] };
    expect(hard.alignment).to.have.length(soft.alignment.length);
    hard.alignment.forEach((j, t) => expect(soft.alignment[t]![j]).to.equal(Math.max(...soft.alignment[t]!)));
  });

  it('--attention-svg writes one heatmap per translated line (source pieces + </s> as columns)', () => {
    const dir = mkdtempSync(join(tmpdir(), 's2s-svg-'));
    const { status } = translate('God saw the light.\n\nHe went up.\n', ['--attention-svg', dir]);
    expect(status).to.equal(0);
    const svg = readFileSync(join(dir, '1.svg'), 'utf8');
    expect(svg).to.match(/^<svg /);
    for (const piece of ['▁God', '▁saw', '&lt;/s&gt;']) expect(svg).to.contain(`>${piece}</text>`); // XML-escaped </s>
    expect(() => readFileSync(join(dir, '2.svg'))).to.throw(); // the empty line has no attention
    expect(readFileSync(join(dir, '3.svg'), 'utf8')).to.contain('>▁went</text>');
  });

  it('unknown options and invalid values are usage errors naming the fix', () => {
    const a = spawnSync('node', ['bin/s2s.js', 'translate', '--model', MODEL, '--beam', '3'], {
      input: '',
      encoding: 'utf8',
    });
    expect(a.status).to.equal(2);
    expect(a.stderr).to.match(/unknown option --beam; did you mean --beam-size\?/);
    const b = spawnSync('node', ['bin/s2s.js', 'translate', '--model', MODEL, '--n-best', '9'], {
      input: 'x\n',
      encoding: 'utf8',
    });
    expect(b.status).to.equal(2);
    expect(b.stderr).to.contain('--n-best must be an integer in [1, 5] (at most the beam size), got 9');
  });
});
