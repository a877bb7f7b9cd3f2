/** Shallow fusion with the shipped models: λ = 0 changes nothing; λ > 0 moves outputs toward what the LM finds likely. */
import { expect } from 'chai';
import { loadSeq2Seq, loadLanguageModel } from '../../lib/models/model-checkpoint.js';
import { Seq2SeqTranslator } from '../../lib/models/seq2seq-translator.js';
import { readTsvFile } from '../../lib/text/corpus/tsv.js';
import { BIBLE_DEV as DEV } from '../text/paths.js';

describe('LM shallow fusion with the shipped en-es model and Spanish LM', function () {
  this.timeout(300_000);

  it('λ = 0 equals no fusion; λ = 0.5 lowers the LM perplexity of the outputs', async () => {
    const { model, source } = await loadSeq2Seq('fixtures/models/en-es.s2s');
    const { model: lm } = await loadLanguageModel('fixtures/models/es-lm.s2s');
    const sentences: number[][] = [];
    for await (const row of readTsvFile(DEV, ['en_web']))
      if (sentences.length < 12) sentences.push(source.encode(row.values[0]!));
    const decode = { beamSize: 3, maxLength: 40 };
    const plain = await new Seq2SeqTranslator(model, decode).translateBatch(sentences);
    const zero = await new Seq2SeqTranslator(model, { ...decode, lmWeight: 0 }, lm).translateBatch(sentences);
    const fused = await new Seq2SeqTranslator(model, { ...decode, lmWeight: 0.5 }, lm).translateBatch(sentences);
    expect(zero.map((n) => n[0]!.tokens)).to.deep.equal(plain.map((n) => n[0]!.tokens));
    const perplexity = (outputs: typeof plain): number => {
      const scores = lm.scoreSentences(outputs.map((n) => n[0]!.tokens));
      return Math.exp(-scores.reduce((s, x) => s + x.logProb, 0) / scores.reduce((s, x) => s + x.tokens, 0));
    };
    expect(perplexity(fused)).to.be.below(perplexity(plain));
    model.dispose();
    lm.dispose();
  });
});
