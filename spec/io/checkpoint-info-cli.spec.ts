/** `s2s checkpoint info` through the real launcher (child process). */
import { expect } from 'chai';
import { s2s } from '../helpers/cli.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCheckpoint } from '../../lib/io/checkpoint-file.js';

describe('s2s checkpoint info (CLI)', function () {
  this.timeout(60000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 's2s-info-'));
    await saveCheckpoint(join(dir, 'lm.s2s'), {
      kind: 'lm',
      config: { cell: 'gru', hidden: 16 },
      tokenizers: { text: { kind: 'sentencepiece', bytes: new Uint8Array(100) } },
      weights: [
        { name: 'embedding', shape: [10, 4], dtype: 'float32', data: new Float32Array(40) },
        { name: 'bias', shape: [4], dtype: 'float32', data: new Float32Array(4) },
      ],
      weightStorage: 'float16',
      step: 42,
      epoch: 2,
      bestDevScore: 3.5,
      meta: { command: 's2s lm train' },
    });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints kind, version, config, tokenizer kinds, parameter count, step and meta', async () => {
    const { code, stdout } = await s2s(['checkpoint', 'info', join(dir, 'lm.s2s')]);
    expect(code).to.equal(0);
    expect(stdout).to.match(/kind: +lm/);
    expect(stdout).to.match(/format: +s2s-checkpoint version 1/);
    expect(stdout).to.contain('"cell": "gru"');
    expect(stdout).to.match(/tokenizers: +text: sentencepiece \(100 bytes\)/);
    expect(stdout).to.match(/parameters: +44 in 2 tensors \(stored as float16\)/);
    expect(stdout).to.match(/step: +42/);
    expect(stdout).to.contain('"command": "s2s lm train"');
  });

  it('--json', async () => {
    const { code, stdout } = await s2s(['checkpoint', 'info', join(dir, 'lm.s2s'), '--json']);
    expect(code).to.equal(0);
    const info = JSON.parse(stdout) as {
      kind: string;
      parameters: number;
      step: number;
      tokenizers: Record<string, { kind: string }>;
    };
    expect(info.kind).to.equal('lm');
    expect(info.parameters).to.equal(44);
    expect(info.tokenizers['text']!.kind).to.equal('sentencepiece');
  });

  it('a damaged file exits 1 with the CheckpointError message', async () => {
    await writeFile(join(dir, 'bad.s2s'), 'not a checkpoint');
    const { code, stderr } = await s2s(['checkpoint', 'info', join(dir, 'bad.s2s')]);
    expect(code).to.equal(1);
    expect(stderr).to.match(/bad\.s2s is (corrupt|truncated)/);
    const missing = await s2s(['checkpoint', 'info', join(dir, 'none.s2s')]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.match(/no checkpoint at .*none\.s2s/);
  });
});
