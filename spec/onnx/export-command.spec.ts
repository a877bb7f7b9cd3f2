/**
 * `s2s export --onnx` end to end: the written files, the sidecar, and the `.onnx` files loaded from disk by a plain
 * ONNX Runtime session (as another program would) computing what the tfjs model computes. Then `s2s translate`,
 * `s2s score` and `s2s lm score` with `--engine onnx` against `--engine tfjs` on the same checkpoints.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import * as ort from 'onnxruntime-node';
import { Seq2Seq, disposeDecoderState } from '../../lib/models/seq2seq.js';
import { LanguageModel } from '../../lib/models/language-model.js';
import { inferenceCheckpoint } from '../../lib/models/model-checkpoint.js';
import { saveCheckpoint } from '../../lib/io/index.js';
import { WordTokenizer } from '../../lib/text/word-tokenizer.js';
import { decodeModel, OPSET } from '../../lib/onnx/onnx-proto.js';
import { expectArraysClose } from '../helpers/tensors.js';
import { s2s } from '../helpers/cli.js';
import { openTranslator } from '../../lib/models/open-translator.js';
import { OnnxExportError } from '../../lib/onnx/export-error.js';

const TEXTS = ['a b c d', 'b c d e f', 'e f g', 'a a b', 'g f e d c'];

describe('onnx/export command and --engine', function () {
  this.timeout(120_000);
  let dir: string;
  let model: Seq2Seq;
  let vocab: WordTokenizer;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 's2s-onnx-'));
    vocab = WordTokenizer.fromTexts(TEXTS);
    model = new Seq2Seq(
      {
        sourceVocab: vocab.vocabSize,
        targetVocab: vocab.vocabSize,
        embeddingSize: 8,
        hiddenSize: 12,
        attentionSize: 6,
        bridgeSize: 6,
        dropout: 0,
      },
      4,
    );
    await saveCheckpoint(
      join(dir, 'mt.s2s'),
      inferenceCheckpoint('seq2seq', model.params, model.config, { source: vocab, target: vocab }),
    );
    const lm = new LanguageModel(
      { vocab: vocab.vocabSize, embeddingSize: 8, hiddenSize: 10, layers: 1, dropout: 0 },
      4,
    );
    await saveCheckpoint(join(dir, 'lm.s2s'), inferenceCheckpoint('lm', lm.params, lm.config, { target: vocab }));
    lm.dispose();
  });
  after(async () => {
    model.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the graphs, the tokenizers and a sidecar; a plain ONNX Runtime session on encoder.onnx matches tfjs', async () => {
    const out = join(dir, 'export');
    const result = await s2s(['export', '--onnx', '-m', join(dir, 'mt.s2s'), '--out', out]);
    expect(result.code, result.stderr).to.equal(0);
    expect((await readdir(out)).sort()).to.deep.equal([
      'decoder_step.onnx',
      'encoder.onnx',
      'model.json',
      'source.words',
      'target.words',
    ]);
    const sidecar = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as {
      kind: string;
      specialIds: Record<string, number>;
      onnx: { opset: number };
      config: { hiddenSize: number };
    };
    expect(sidecar.kind).to.equal('seq2seq');
    expect(sidecar.specialIds).to.deep.equal({ pad: 0, unk: 1, bos: 2, eos: 3 });
    expect(sidecar.config.hiddenSize).to.equal(12);
    const parsed = decodeModel(await readFile(join(out, 'decoder_step.onnx')));
    expect(parsed.opsetImport.map((o) => o.version)).to.deep.equal([OPSET]);
    expect(parsed.graph.output.map((o) => o.name)).to.include.members([
      'log_probs',
      'attention',
      'h_0_next',
      'c_0_next',
    ]);

    const source = vocab.encode('a b c d');
    const session = await ort.InferenceSession.create(join(out, 'encoder.onnx'));
    const ids = Int32Array.from([...source, 3]);
    const run = await session.run({
      source_ids: new ort.Tensor('int32', ids, [1, ids.length]),
      source_lengths: new ort.Tensor('int32', Int32Array.from([ids.length]), [1]),
    });
    const state = model.encode([source]);
    expectArraysClose(run['memory']!.data as Float32Array, state.memory.dataSync(), 1e-5);
    expectArraysClose(run['init_h_0']!.data as Float32Array, state.layers[0]!.h.dataSync(), 1e-5);
    disposeDecoderState(state);
    await session.release();
  });

  it('exports a language model with its step and score graphs', async () => {
    const out = join(dir, 'export-lm');
    expect((await s2s(['export', '--onnx', '-m', join(dir, 'lm.s2s'), '-o', out])).code).to.equal(0);
    expect((await readdir(out)).sort()).to.deep.equal(['lm_score.onnx', 'lm_step.onnx', 'model.json', 'target.words']);
  });

  it('a model the exporter refuses: auto stays on tfjs and says why, --engine onnx is an error naming the feature', async () => {
    const normed = new Seq2Seq(
      {
        sourceVocab: vocab.vocabSize,
        targetVocab: vocab.vocabSize,
        embeddingSize: 8,
        hiddenSize: 12,
        attentionSize: 6,
        bridgeSize: 0,
        dropout: 0,
        layerNorm: true,
      },
      4,
    );
    const path = join(dir, 'normed.s2s');
    await saveCheckpoint(
      path,
      inferenceCheckpoint('seq2seq', normed.params, normed.config, { source: vocab, target: vocab }),
    );
    normed.dispose();
    const auto = await openTranslator(path, { engine: 'auto' });
    expect(auto.engine).to.equal('tfjs');
    expect(auto.backend).to.match(/engine tfjs: export: layer normalisation/);
    expect((await auto.translator.translateBatch([vocab.encode('a b')])).length).to.equal(1);
    auto.close();
    let error: unknown;
    await openTranslator(path, { engine: 'onnx' }).catch((err: unknown) => (error = err));
    // (compared by name: tsx may load the error module once more behind openTranslator's dynamic import)
    expect(error).to.include({ name: OnnxExportError.name, code: 'E_ONNX_UNSUPPORTED' });
  });

  it('without --onnx is a usage error that says so', async () => {
    const result = await s2s(['export', '-m', join(dir, 'mt.s2s'), '-o', join(dir, 'x')]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/--onnx/);
  });

  it('translate (greedy and beam), score and lm score print the same on both engines and report the engine', async () => {
    const input = join(dir, 'in.txt');
    await writeFile(input, 'a b c\ng f e\n\nb b\n');
    for (const beam of ['1', '3']) {
      const onnx = await s2s([
        'translate',
        '-m',
        join(dir, 'mt.s2s'),
        '--engine',
        'onnx',
        '--beam-size',
        beam,
        '--max-length',
        '8',
        input,
      ]);
      const tfjs = await s2s([
        'translate',
        '-m',
        join(dir, 'mt.s2s'),
        '--engine',
        'tfjs',
        '--beam-size',
        beam,
        '--max-length',
        '8',
        input,
      ]);
      expect(onnx.code, onnx.stderr).to.equal(0);
      expect(onnx.stdout.split('\n')).to.have.length(5);
      expect(onnx.stdout).to.equal(tfjs.stdout);
      expect(onnx.stderr).to.match(/backend: onnx: onnxruntime-node \S+ \(cpu, \d+ threads\)/);
    }
    const pairs = join(dir, 'pairs.tsv');
    await writeFile(pairs, 'a b c\tc b a\ng f\tf g e\n');
    const scores = await Promise.all(
      ['onnx', 'tfjs'].map((e) => s2s(['score', '-m', join(dir, 'mt.s2s'), '--engine', e, pairs])),
    );
    expectArraysClose(numbers(scores[0]!.stdout), numbers(scores[1]!.stdout), 2e-4);
    expect(scores[0]!.stderr).to.match(/engine: onnx/);
    const lmScores = await Promise.all(
      ['onnx', 'tfjs'].map((e) => s2s(['lm', 'score', '-m', join(dir, 'lm.s2s'), '--engine', e, input])),
    );
    expect(lmScores[0]!.code, lmScores[0]!.stderr).to.equal(0);
    expectArraysClose(numbers(lmScores[0]!.stdout), numbers(lmScores[1]!.stdout), 2e-4);
  });
});

/** Every number in a command's tab-separated output. */
function numbers(text: string): number[] {
  return text
    .split(/[\t\n]/)
    .filter((x) => x.length > 0)
    .map(Number);
}
