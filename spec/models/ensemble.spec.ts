/**
 * Ensembles of real (tiny) seq2seq models: the translator on tfjs, then ensemble files and `openTranslator` with
 * several files on both engines (onnx where onnxruntime-node loads), mismatches and members that cannot export.
 */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Seq2Seq } from '../../lib/models/seq2seq.js';
import { LanguageModel } from '../../lib/models/language-model.js';
import { Seq2SeqTranslator } from '../../lib/models/seq2seq-translator.js';
import { EnsembleTranslator } from '../../lib/models/ensemble-translator.js';
import { openTranslator } from '../../lib/models/open-translator.js';
import { inferenceCheckpoint } from '../../lib/models/model-checkpoint.js';
import { ensembleCheckpoint, flattenMembers } from '../../lib/models/ensemble-checkpoint.js';
import { loadCheckpoint, saveCheckpoint } from '../../lib/io/index.js';
import { WordTokenizer } from '../../lib/text/word-tokenizer.js';
import type { Hypothesis } from '../../lib/decode/hypothesis.js';
import type { DecodeOptions } from '../../lib/decode/options.js';
import { CheckpointError, ModelMismatchError } from '../../lib/errors.js';
import type { EngineName } from '../../lib/engine.js';
import { loadOrt } from '../../lib/onnx/ort-runtime.js';
import { OrtTranslator } from '../../lib/onnx/ort-translator.js';
import { OnnxExportError } from '../../lib/onnx/export-error.js';
import { describeOnBackends, expectArraysClose, expectNoLeak } from '../helpers/tensors.js';
import { TINY_WORD_SEQ2SEQ as TINY, TINY_WORDS as WORDS } from '../helpers/tiny-models.js';

const OTHER_WORDS = new WordTokenizer(['a', 'b', 'c', 'd', 'e', 'g']);
const SOURCES = [
  [4, 5, 6, 7],
  [8, 4],
  [9, 9, 5],
];
const BEAM: Partial<DecodeOptions> = { beamSize: 3, nBest: 2, maxLength: 6, alignment: 'soft' };
const GREEDY: Partial<DecodeOptions> = { beamSize: 1, maxLength: 6, alignment: 'soft' };

const summary = (lists: Hypothesis[][]): unknown =>
  lists.map((list) => list.map((h) => [h.tokens, h.score, h.logProb, h.attention]));

describeOnBackends('models/ensemble: EnsembleTranslator', () => {
  let a: Seq2Seq;
  let b: Seq2Seq;
  before(() => {
    a = new Seq2Seq({ ...TINY, cell: 'lstm' }, 3);
    b = new Seq2Seq({ ...TINY, cell: 'lstm' }, 4);
  });
  after(() => {
    a.dispose();
    b.dispose();
  });

  for (const [name, options] of [
    ['greedy', GREEDY],
    ['beam 3, 2-best', BEAM],
  ] as const) {
    it(`an ensemble of a model with itself translates exactly as the model (${name}: tokens, scores, attention)`, async () => {
      const alone = await new Seq2SeqTranslator(a, options).translateBatch(SOURCES);
      const self = await new EnsembleTranslator(
        [
          { model: a, weight: 1 },
          { model: a, weight: 1 },
        ],
        options,
      ).translateBatch(SOURCES);
      expect(summary(self)).to.deep.equal(summary(alone));
    });
  }

  it('an ensemble of a model with itself, with LM fusion, translates exactly as the model with LM fusion', async () => {
    const lm = new LanguageModel({ vocab: WORDS.vocabSize, embeddingSize: 4, hiddenSize: 5, dropout: 0 }, 9);
    try {
      const options = { ...BEAM, lmWeight: 0.4 };
      const alone = await new Seq2SeqTranslator(a, options, lm).translateBatch(SOURCES);
      const self = await new EnsembleTranslator(
        [
          { model: a, weight: 1 },
          { model: a, weight: 1 },
        ],
        options,
        lm,
      ).translateBatch(SOURCES);
      expect(summary(self)).to.deep.equal(summary(alone));
    } finally {
      lm.dispose();
    }
  });

  it('leaks no tensors when translating with an ensemble', async () => {
    const translator = new EnsembleTranslator(
      [
        { model: a, weight: 1 },
        { model: b, weight: 2 },
      ],
      BEAM,
    );
    await expectNoLeak(() => translator.translateBatch(SOURCES));
  });
});

for (const engine of ['tfjs', 'onnx'] as const satisfies readonly EngineName[]) {
  describe(`models/ensemble: files and openTranslator [engine ${engine}]`, function () {
    let dir: string;
    const open = (
      path: string | string[],
      options: Parameters<typeof openTranslator>[1] = {},
    ): ReturnType<typeof openTranslator> => openTranslator(path, { engine, backend: 'cpu', ...options });
    const Single = (engine === 'onnx' ? OrtTranslator : Seq2SeqTranslator).name;
    // by name: the onnx engine's modules are imported dynamically, which under tsx may load a second copy of a class
    before(async function () {
      if (
        engine === 'onnx' &&
        !(await loadOrt().then(
          () => true,
          () => false,
        ))
      )
        this.skip(); // onnxruntime-node is optional
      dir = await mkdtemp(join(tmpdir(), 's2s-ensemble-'));
      const tokenizers = { source: WORDS, target: WORDS };
      for (const [name, seed, extra] of [
        ['a', 3, {}],
        ['b', 4, {}],
        ['ln', 6, { layerNorm: true }],
      ] as const) {
        const model = new Seq2Seq({ ...TINY, cell: 'lstm', ...extra }, seed);
        await saveCheckpoint(
          join(dir, `${name}.s2s`),
          inferenceCheckpoint('seq2seq', model.params, model.config, tokenizers),
        );
        model.dispose();
      }
      const lm = new LanguageModel({ vocab: WORDS.vocabSize, embeddingSize: 4, hiddenSize: 5, dropout: 0 }, 9);
      await saveCheckpoint(join(dir, 'lm.s2s'), inferenceCheckpoint('lm', lm.params, lm.config, { target: WORDS }));
      lm.dispose();
    });
    after(async () => {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    for (const [name, options] of [
      ['greedy', GREEDY],
      ['beam 3, 2-best', BEAM],
    ] as const) {
      it(`-m a.s2s -m a.s2s translates exactly as -m a.s2s (${name}: tokens, scores, attention)`, async () => {
        const self = await open([join(dir, 'a.s2s'), join(dir, 'a.s2s')], { decode: options });
        const alone = await open(join(dir, 'a.s2s'), { decode: options });
        try {
          expect(self.engine).to.equal(engine);
          expect(self.translator.constructor.name).to.equal(EnsembleTranslator.name);
          expect(alone.translator.constructor.name).to.equal(Single);
          expect(summary(await self.translator.translateBatch(SOURCES))).to.deep.equal(
            summary(await alone.translator.translateBatch(SOURCES)),
          );
        } finally {
          self.close();
          alone.close();
        }
      });
    }

    it('-m a.s2s -m a.s2s with LM fusion (beam, n-best) translates exactly as -m a.s2s with LM fusion', async () => {
      const options = { decode: { ...BEAM, lmWeight: 0.4 }, lmPath: join(dir, 'lm.s2s') };
      const self = await open([join(dir, 'a.s2s'), join(dir, 'a.s2s')], options);
      const alone = await open(join(dir, 'a.s2s'), options);
      const plain = await open(join(dir, 'a.s2s'), { decode: BEAM });
      try {
        const fused = await alone.translator.translateBatch(SOURCES);
        expect(summary(await self.translator.translateBatch(SOURCES))).to.deep.equal(summary(fused));
        expect(summary(fused)).to.not.deep.equal(summary(await plain.translator.translateBatch(SOURCES)));
      } finally {
        [self, alone, plain].forEach((o) => o.close());
      }
    });

    it('ensemble beam search of real models is batch-invariant: each sentence as alone (tokens; scores to 1e-5)', async () => {
      const opened = await open([join(dir, 'a.s2s'), join(dir, 'b.s2s')], { decode: BEAM, weights: [0.6, 0.4] });
      try {
        const together = await opened.translator.translateBatch(SOURCES);
        for (const [i, source] of SOURCES.entries()) {
          const [alone] = await opened.translator.translateBatch([source]);
          expect(together[i]!.map((h) => h.tokens)).to.deep.equal(alone!.map((h) => h.tokens));
          expectArraysClose(
            together[i]!.map((h) => h.score),
            alone!.map((h) => h.score),
            1e-5,
          );
        }
      } finally {
        opened.close();
      }
    });

    it('an ensemble file translates as the same members given as files (-m a -m b --weights), and differs from each member', async () => {
      const files = [
        { checkpoint: await loadCheckpoint(join(dir, 'a.s2s')), source: 'a.s2s' },
        { checkpoint: await loadCheckpoint(join(dir, 'b.s2s')), source: 'b.s2s' },
      ];
      await saveCheckpoint(join(dir, 'ab.s2s'), ensembleCheckpoint(flattenMembers(files, [0.7, 0.3])));
      const fromFile = await open(join(dir, 'ab.s2s'), { decode: BEAM });
      const fromFiles = await open([join(dir, 'a.s2s'), join(dir, 'b.s2s')], { decode: BEAM, weights: [7, 3] });
      const single = await open(join(dir, 'a.s2s'), { decode: BEAM });
      try {
        expect(fromFile.translator.constructor.name).to.equal(EnsembleTranslator.name);
        expect(single.translator.constructor.name).to.equal(Single);
        const ensembled = await fromFile.translator.translateBatch(SOURCES);
        expect(summary(ensembled)).to.deep.equal(summary(await fromFiles.translator.translateBatch(SOURCES)));
        expect(summary(ensembled)).to.not.deep.equal(summary(await single.translator.translateBatch(SOURCES)));
        expect(WORDS.serialize()).to.deep.equal(fromFile.targetTokenizer.serialize());
      } finally {
        [fromFile, fromFiles, single].forEach((o) => o.close());
      }
    });

    it('an ensemble file of a model with itself translates exactly as the model file; nested ensembles flatten', async () => {
      const one = { checkpoint: await loadCheckpoint(join(dir, 'a.s2s')), source: 'a.s2s' };
      await saveCheckpoint(join(dir, 'aa.s2s'), ensembleCheckpoint(flattenMembers([one, one])));
      const nested = flattenMembers(
        [{ checkpoint: await loadCheckpoint(join(dir, 'aa.s2s')), source: 'aa.s2s' }, one],
        [1, 2],
      );
      expect(nested.map((m) => [m.source, m.weight])).to.deep.equal([
        ['aa.s2s member 1', 1 / 6],
        ['aa.s2s member 2', 1 / 6],
        ['a.s2s', 2 / 3],
      ]);
      const self = await open(join(dir, 'aa.s2s'), { decode: BEAM });
      const alone = await open(join(dir, 'a.s2s'), { decode: BEAM });
      try {
        expect(summary(await self.translator.translateBatch(SOURCES))).to.deep.equal(
          summary(await alone.translator.translateBatch(SOURCES)),
        );
      } finally {
        self.close();
        alone.close();
      }
    });

    it('members with different tokenizers are a ModelMismatchError; a language model is not a member', async () => {
      const other = new Seq2Seq({ ...TINY, cell: 'lstm' }, 5);
      await saveCheckpoint(
        join(dir, 'other.s2s'),
        inferenceCheckpoint('seq2seq', other.params, other.config, { source: WORDS, target: OTHER_WORDS }),
      );
      other.dispose();
      const mismatch = await open([join(dir, 'a.s2s'), join(dir, 'other.s2s')]).then(
        () => null,
        (err: unknown) => err,
      );
      expect(mismatch).to.include({ name: ModelMismatchError.name, code: 'E_MISMATCH_TOKENIZER' });
      expect((mismatch as Error).message).to.match(
        /other\.s2s has a different target tokenizer from .*a\.s2s; ensemble members must share/,
      );
      const notTranslation = await open([join(dir, 'a.s2s'), join(dir, 'lm.s2s')]).then(
        () => null,
        (err: unknown) => err,
      );
      expect(notTranslation).to.include({ name: CheckpointError.name, code: 'E_CHECKPOINT_KIND' });
      expect((notTranslation as Error).message).to.match(
        /lm\.s2s holds a lm model, expected a seq2seq model or an ensemble/,
      );
    });

    if (engine === 'onnx')
      it('a member that cannot be exported: --engine onnx is an error naming it, auto falls back to tfjs', async () => {
        const refused = await open([join(dir, 'a.s2s'), join(dir, 'ln.s2s')]).then(
          () => null,
          (err: unknown) => err,
        );
        expect(refused).to.include({ name: OnnxExportError.name, code: 'E_ONNX_UNSUPPORTED' });
        expect((refused as Error).message).to.match(/^ensemble .*ln\.s2s: export: layer normalisation/);
        const auto = await openTranslator([join(dir, 'a.s2s'), join(dir, 'ln.s2s')], {
          engine: 'auto',
          backend: 'cpu',
        });
        try {
          expect(auto.engine).to.equal('tfjs');
          expect(auto.backend).to.match(/engine tfjs: ensemble .*ln\.s2s: export: layer normalisation/);
          expect(await auto.translator.translateBatch(SOURCES)).to.have.length(SOURCES.length);
        } finally {
          auto.close();
        }
      });
  });
}
