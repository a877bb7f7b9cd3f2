/** `s2s train --init-from FILE` (a new run from FILE's weights, config and tokenizers) and `--keep-checkpoints N`. */
import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Seq2Seq } from '../../lib/models/seq2seq.js';
import { inferenceCheckpoint } from '../../lib/models/model-checkpoint.js';
import { loadCheckpoint, saveCheckpoint } from '../../lib/io/index.js';
import { s2s } from '../helpers/cli.js';
import { TINY_WORDS as WORDS } from '../helpers/tiny-models.js';

/** `s2s train` on a `src`/`tgt` TSV into `out`, starting from `initFrom` when given; further flags follow. */
function trainArgs(train: string, out: string, initFrom?: string): string[] {
  return [
    'train',
    '--train',
    train,
    '--src-column',
    'src',
    '--tgt-column',
    'tgt',
    ...(initFrom === undefined ? [] : ['--init-from', initFrom]),
    '--out',
    out,
  ];
}

describe('s2s train --init-from, --keep-checkpoints', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 's2s-init-from-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("continues from the file: its config and tokenizers (not the command line's), its weights moved by one tiny step", async () => {
    const model = new Seq2Seq(
      {
        sourceVocab: WORDS.vocabSize,
        targetVocab: WORDS.vocabSize,
        cell: 'gru',
        embeddingSize: 5,
        hiddenSize: 6,
        attentionSize: 4,
        dropout: 0,
      },
      3,
    );
    const init = inferenceCheckpoint('seq2seq', model.params, model.config, { source: WORDS, target: WORDS });
    model.dispose();
    await saveCheckpoint(join(dir, 'init.s2s'), init);
    await writeFile(join(dir, 'train.tsv'), 'src\ttgt\na b c\tc b a\nd e\te d\nf a b\tb a f\n');
    const r = await s2s([
      ...trainArgs(join(dir, 'train.tsv'), join(dir, 'run'), join(dir, 'init.s2s')),
      '--max-steps',
      '1',
      '--lr',
      '1e-9',
      '--cell',
      'lstm',
      '--hidden-size',
      '32',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const trained = await loadCheckpoint(join(dir, 'run', 'last.s2s'));
    expect(trained.step).to.equal(1);
    expect(trained.config).to.deep.equal(init.config);
    expect(trained.tokenizers).to.deep.equal(init.tokenizers);
    trained.weights.forEach((w, i) => {
      const start = init.weights[i]!;
      expect(w.name).to.equal(start.name);
      w.data.forEach((x, j) => expect(x).to.be.closeTo(start.data[j]!, 1e-6));
    });
    expect(trained.weights.some((w, i) => w.data.some((x, j) => x !== init.weights[i]!.data[j]))).to.equal(true);
  });

  it("--dropout and --label-smoothing, when given, replace the file's (the shape stays the file's)", async () => {
    const init = await loadCheckpoint(join(dir, 'init.s2s'));
    const r = await s2s([
      ...trainArgs(join(dir, 'train.tsv'), join(dir, 'regularised'), join(dir, 'init.s2s')),
      '--max-steps',
      '1',
      '--dropout',
      '0.3',
      '--label-smoothing',
      '0',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const trained = await loadCheckpoint(join(dir, 'regularised', 'last.s2s'));
    expect(trained.config).to.deep.equal({ ...init.config, dropout: 0.3, labelSmoothing: 0 });
  });

  it('a bad --dropout with --init-from is a usage error naming the flag, before any data is read', async () => {
    const r = await s2s([
      ...trainArgs(join(dir, 'absent.tsv'), join(dir, 'run4'), join(dir, 'init.s2s')),
      '--dropout',
      '1.5',
    ]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/--dropout must be in \[0, 1\), got 1\.5/);
  });

  it('a missing --init-from file is a checkpoint error naming it', async () => {
    await writeFile(join(dir, 'train2.tsv'), 'src\ttgt\na\tb\n');
    const r = await s2s([...trainArgs(join(dir, 'train2.tsv'), join(dir, 'run2'), join(dir, 'missing.s2s'))]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/no checkpoint at .*missing\.s2s/);
  });

  it('--keep-checkpoints 2 keeps the newest two last.s2s copies as step-N.s2s, ready for s2s average', async () => {
    const out = join(dir, 'kept');
    const r = await s2s([
      ...trainArgs(join(dir, 'train.tsv'), out, join(dir, 'init.s2s')),
      '--max-steps',
      '4',
      '--checkpoint-every',
      '1',
      '--keep-checkpoints',
      '2',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const kept = (await readdir(out)).filter((f) => f.startsWith('step-')).sort();
    expect(kept).to.deep.equal(['step-0000003.s2s', 'step-0000004.s2s']);
    expect(await readFile(join(out, 'step-0000004.s2s'))).to.deep.equal(await readFile(join(out, 'last.s2s')));
    const averaged = await s2s(['average', '--out', join(out, 'avg.s2s'), ...kept.map((f) => join(out, f))]);
    expect(averaged.code, averaged.stderr).to.equal(0);
    expect(averaged.stderr).to.match(/average of 2 seq2seq checkpoints \(steps 3, 4\)/);
    expect((await loadCheckpoint(join(out, 'avg.s2s'))).step).to.equal(4);
  });

  it('--keep-checkpoints must be an integer ≥ 0 (usage error naming the flag, before any data is read)', async () => {
    const r = await s2s([...trainArgs(join(dir, 'absent.tsv'), join(dir, 'run3')), '--keep-checkpoints', '-1']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/--keep-checkpoints must be an integer ≥ 0, got -1/);
  });
});
