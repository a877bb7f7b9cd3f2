/** Trains a small attention model on a synthetic task in-process (the same Trainer and task as `s2s train`). */
import { Seq2Seq } from '../../lib/models/seq2seq.js';
import type { Seq2SeqConfig } from '../../lib/models/seq2seq-config.js';
import { Seq2SeqTask, type ParallelExample } from '../../lib/train/seq2seq-task.js';
import { Trainer } from '../../lib/train/trainer.js';
import { Seq2SeqTranslator } from '../../lib/models/seq2seq-translator.js';
import { WordTokenizer } from '../../lib/text/word-tokenizer.js';
import { synthesize, type SyntheticTask } from '../../lib/data/synthetic.js';

export interface SyntheticRun {
  /** Exact-match accuracy of greedy decoding on fresh pairs. */
  accuracy: number;
  steps: number;
}

export async function trainSynthetic(
  task: SyntheticTask,
  options: {
    train: number;
    test: number;
    steps: number;
    model?: Partial<Seq2SeqConfig>;
    minLength?: number;
    maxLength?: number;
    lr?: number;
  },
): Promise<SyntheticRun> {
  const lengths = { minLength: options.minLength ?? 3, maxLength: options.maxLength ?? 12 };
  const train = synthesize(task, { n: options.train, seed: 1, ...lengths });
  const test = synthesize(task, { n: options.test, seed: 99, ...lengths });
  const source = WordTokenizer.fromTexts(train.map((p) => p.src));
  const target = WordTokenizer.fromTexts(train.map((p) => p.tgt));
  const encode = (pairs: typeof train): ParallelExample[] =>
    pairs.map((p) => ({ source: source.encode(p.src), target: target.encode(p.tgt) }));
  const model = new Seq2Seq(
    {
      sourceVocab: source.vocabSize,
      targetVocab: target.vocabSize,
      embeddingSize: 32,
      hiddenSize: 64,
      decoderLayers: 2,
      attentionSize: 64,
      bridgeSize: 64,
      dropout: 0,
      labelSmoothing: 0,
      ...options.model,
    },
    1,
  );
  const trainer = new Trainer(
    new Seq2SeqTask(model, encode(train), [], {
      batching: { maxTokens: 1024, maxSentences: 64 },
      devBatchSize: 64,
      devDecodeSentences: 0,
    }),
    { learningRate: options.lr ?? 0.005, maxSteps: options.steps, maxEpochs: 1000, seed: 1 },
  );
  try {
    const result = await trainer.train();
    const translator = new Seq2SeqTranslator(model, { beamSize: 1 });
    const examples = encode(test);
    let correct = 0;
    for (let i = 0; i < examples.length; i += 100) {
      const batch = examples.slice(i, i + 100);
      const outputs = await translator.translateBatch(batch.map((e) => e.source));
      outputs.forEach((nBest, j) => (correct += nBest[0]!.tokens.join(' ') === batch[j]!.target.join(' ') ? 1 : 0));
    }
    return { accuracy: correct / examples.length, steps: result.steps };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}
