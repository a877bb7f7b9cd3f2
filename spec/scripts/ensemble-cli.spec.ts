/** `s2s translate -m a -m b [--weights]`, `s2s ensemble` and `s2s average` as a user runs them, on tiny model files. */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Seq2Seq } from '../../lib/models/seq2seq.js';
import { inferenceCheckpoint } from '../../lib/models/model-checkpoint.js';
import { loadCheckpoint, saveCheckpoint } from '../../lib/io/index.js';
import { WordTokenizer } from '../../lib/text/word-tokenizer.js';
import { s2s } from '../helpers/cli.js';
import { TINY_WORD_SEQ2SEQ as TINY, TINY_WORDS as WORDS } from '../helpers/tiny-models.js';

const INPUT = 'a b c d\nf e\n\nc c a b e\n';

function translate(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['bin/s2s.js', 'translate', '--beam-size', '3', '--max-length', '6', '--format', 'jsonl', ...args],
    {
      input: INPUT.split('\n')
        .filter(Boolean)
        .map((text, i) => JSON.stringify({ id: i, text }))
        .join('\n'),
      encoding: 'utf8',
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('s2s ensembles and averaging (CLI)', function () {
  this.timeout(180_000);
  let dir: string;
  const file = (name: string): string => join(dir, name);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 's2s-ensemble-cli-'));
    for (const [name, seed] of [
      ['a.s2s', 3],
      ['b.s2s', 4],
    ] as const) {
      const model = new Seq2Seq({ ...TINY, cell: 'gru' }, seed);
      await saveCheckpoint(
        file(name),
        inferenceCheckpoint('seq2seq', model.params, model.config, { source: WORDS, target: WORDS }),
      );
      model.dispose();
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const engine of ['tfjs', 'onnx']) {
    it(`--engine ${engine}: -m a -m a translates (translations and scores) exactly as -m a, -m a -m b differently`, () => {
      const alone = translate(['--engine', engine, '-m', file('a.s2s')]);
      expect(alone.status, alone.stderr).to.equal(0);
      expect(alone.stdout.trim().split('\n')).to.have.length(3);
      const self = translate(['--engine', engine, '-m', file('a.s2s'), '-m', file('a.s2s')]); // ½, ½: exact in floating point
      expect(self.status, self.stderr).to.equal(0);
      expect(self.stdout).to.equal(alone.stdout);
      expect(translate(['--engine', engine, '-m', file('a.s2s'), '-m', file('b.s2s')]).stdout).to.not.equal(
        alone.stdout,
      );
    });
  }

  it('an ensemble file of a and b translates as -m a -m b --weights', async () => {
    const alone = translate(['-m', file('a.s2s')]);

    const built = await s2s(['ensemble', '--out', file('ab.s2s'), file('a.s2s'), file('b.s2s'), '--weights', '3,1']);
    expect(built.code, built.stderr).to.equal(0);
    expect(built.stderr).to.match(/ensemble of 2 models \(weights 0\.75, 0\.25\)/);
    expect((await loadCheckpoint(file('ab.s2s'))).kind).to.equal('ensemble');
    const fromFile = translate(['-m', file('ab.s2s')]);
    expect(fromFile.status, fromFile.stderr).to.equal(0);
    expect(translate(['-m', file('a.s2s'), '-m', file('b.s2s'), '--weights', '0.75,0.25']).stdout).to.equal(
      fromFile.stdout,
    );
    expect(fromFile.stdout).to.not.equal(alone.stdout);
    const exported = await s2s(['export', '--onnx', '-m', file('ab.s2s'), '--out', file('onnx')]);
    expect(exported.code).to.equal(1);
    expect(exported.stderr).to.match(/an ensemble file holds several models; export each member file on its own/);
  });

  it('a wrong number of weights, or a weight ≤ 0, is a usage error (exit 2) that says what to give', () => {
    const few = translate(['-m', file('a.s2s'), '-m', file('b.s2s'), '--weights', '1']);
    expect(few.status).to.equal(2);
    expect(few.stderr).to.match(/--weights gives one weight per model file: 1 weight \('1'\) for 2 models/);
    const zero = translate(['-m', file('a.s2s'), '-m', file('b.s2s'), '--weights', '1,0']);
    expect(zero.status).to.equal(2);
    expect(zero.stderr).to.match(/--weights expects comma-separated numbers > 0, one per model .*got '1,0'/);
  });

  it('s2s ensemble: members with different tokenizers are an error naming the file; fewer than two files a usage error', async () => {
    const other = new Seq2Seq({ ...TINY, cell: 'gru' }, 5);
    await saveCheckpoint(
      file('other.s2s'),
      inferenceCheckpoint('seq2seq', other.params, other.config, {
        source: WORDS,
        target: new WordTokenizer(['a', 'b', 'c', 'd', 'e', 'g']),
      }),
    );
    other.dispose();
    const mismatch = await s2s(['ensemble', '--out', file('bad.s2s'), file('a.s2s'), file('other.s2s')]);
    expect(mismatch.code).to.equal(1);
    expect(mismatch.stderr).to.match(
      /other\.s2s has a different target tokenizer from .*a\.s2s; ensemble members must share/,
    );
    const one = await s2s(['ensemble', '--out', file('bad.s2s'), file('a.s2s')]);
    expect(one.code).to.equal(2);
    expect(one.stderr).to.match(/give two or more model files/);
  });

  it('s2s average of a file with itself writes the same weights; of two different models, a mismatch error', async () => {
    const same = await s2s(['average', '--out', file('aa.s2s'), file('a.s2s'), file('a.s2s')]);
    expect(same.code, same.stderr).to.equal(0);
    const [original, averaged] = await Promise.all([loadCheckpoint(file('a.s2s')), loadCheckpoint(file('aa.s2s'))]);
    expect(averaged.weights.map((w) => Array.from(w.data))).to.deep.equal(
      original.weights.map((w) => Array.from(w.data)),
    );
    expect(averaged.config).to.deep.equal(original.config);

    const lstm = new Seq2Seq({ ...TINY, cell: 'lstm' }, 3);
    await saveCheckpoint(
      file('lstm.s2s'),
      inferenceCheckpoint('seq2seq', lstm.params, lstm.config, { source: WORDS, target: WORDS }),
    );
    lstm.dispose();
    const mismatch = await s2s(['average', '--out', file('bad.s2s'), file('a.s2s'), file('lstm.s2s')]);
    expect(mismatch.code).to.equal(1);
    expect(mismatch.stderr).to.match(/lstm\.s2s has a different model config from .*a\.s2s \(cell: "gru" vs "lstm"\)/);
  });
});
