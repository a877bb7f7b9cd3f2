import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainSentencePiece } from '../../lib/text/train-sentencepiece.js';
import { ToolError } from '../../lib/errors.js';
import { ROOT, BIBLE_DEV } from './paths.js';

const S2S = join(ROOT, 'bin', 's2s.js');

function s2s(
  args: string[],
  input?: string | Buffer,
  env: NodeJS.ProcessEnv = process.env,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [S2S, ...args], { cwd: ROOT, input, env, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

describe('s2s tokenizer train / encode / decode (child processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 's2s-tok-cli-'));
  const prefix = join(dir, 'small');
  const text = join(dir, 'small.txt');
  let lines: string[];

  before(() => {
    // The dev set's ~2,100 sentences, half as TSV columns, half as a plain-text file.
    const rows = readFileSync(BIBLE_DEV, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'));
    lines = rows.map((r) => r[2] ?? '');
    writeFileSync(text, lines.join('\n') + '\n');
  });

  it('train writes PREFIX.model and PREFIX.vocab from a TSV column and a text file, deterministically', () => {
    const args = [
      'tokenizer',
      'train',
      '--input',
      BIBLE_DEV,
      '--column',
      'en_web',
      '--input',
      text,
      '--vocab-size',
      '600',
      '--model-type',
      'bpe',
      '--out',
      prefix,
    ];
    const first = s2s(args);
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.contain(`${prefix}.model`);
    const model = readFileSync(`${prefix}.model`);
    expect(readFileSync(`${prefix}.vocab`, 'utf8').trimEnd().split('\n')).to.have.length(600);
    const second = s2s(args);
    expect(second.status).to.equal(0);
    expect(readFileSync(`${prefix}.model`).equals(model)).to.equal(true);
  });

  it('encode --ids equals spm_encode --output_format=id; --pieces equals --output_format=piece; decode inverts', () => {
    const input = lines.slice(0, 300).join('\n') + '\n';
    const ids = s2s(['tokenizer', 'encode', '--model', `${prefix}.model`, '--ids'], input);
    expect(ids.status, ids.stderr).to.equal(0);
    expect(ids.stdout).to.equal(
      execFileSync('spm_encode', [`--model=${prefix}.model`, '--output_format=id'], { input }).toString('utf8'),
    );
    const pieces = s2s(['tokenizer', 'encode', '--model', `${prefix}.model`, '--pieces'], input);
    expect(pieces.stdout).to.equal(
      execFileSync('spm_encode', [`--model=${prefix}.model`, '--output_format=piece'], { input }).toString('utf8'),
    );
    const decoded = s2s(['tokenizer', 'decode', '--model', `${prefix}.model`], ids.stdout);
    expect(decoded.status).to.equal(0);
    expect(decoded.stdout).to.equal(input);
  });

  it('encode keeps empty lines and reports invalid UTF-8 on stderr; decode flags bad ids per line', () => {
    const enc = s2s(
      ['tokenizer', 'encode', '--model', `${prefix}.model`],
      Buffer.from([0x61, 0x0a, 0x0a, 0xff, 0x62, 0x0a]),
    );
    expect(enc.status).to.equal(0);
    expect(enc.stdout.split('\n')).to.have.length(4);
    expect(enc.stdout.split('\n')[1]).to.equal('');
    expect(enc.stderr).to.contain('replaced 1 invalid UTF-8 bytes');
    const dec = s2s(['tokenizer', 'decode', '--model', `${prefix}.model`], '5 6\n99999\n7\n');
    expect(dec.status).to.equal(1);
    expect(dec.stdout.split('\n')).to.have.length(4);
    expect(dec.stderr).to.contain('line 2');
  });

  it('a wrong --column lists the available columns', () => {
    const r = s2s([
      'tokenizer',
      'train',
      '--input',
      BIBLE_DEV,
      '--column',
      'english',
      '--vocab-size',
      '100',
      '--out',
      join(dir, 'x'),
    ]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('available columns: ref, en_web, es_rv1909');
  });

  it('a missing spm_train is a ToolError that says how to install it', async () => {
    let caught: unknown;
    try {
      await trainSentencePiece({
        inputs: [{ path: text }],
        outPrefix: join(dir, 'y'),
        vocabSize: 100,
        spmTrain: join(dir, 'no-such-spm_train'),
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(ToolError);
    expect((caught as ToolError).code).to.equal('E_TOOL_MISSING');
    expect((caught as ToolError).message)
      .to.contain('apt-get install sentencepiece')
      .and.contain('pip install sentencepiece')
      .and.contain('brew install sentencepiece');
  });
});
