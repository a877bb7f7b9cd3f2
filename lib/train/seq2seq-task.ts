/**
 * Training a `Seq2Seq` on parallel examples: length-bucketed token-budget batches (seeded shuffle, optional
 * shortest-first curriculum), teacher-forced loss with dropout, and dev evaluation = dev loss + greedy-decoded BLEU,
 * chrF and exact-match accuracy on the first `devDecodeSentences` dev pairs.
 *
 * @example
 * const task = new Seq2SeqTask(model, trainPairs, devPairs, { batching: { maxTokens: 4096 }, devBatchSize: 64, devDecodeSentences: 200, targetTokenizer });
 * await new Trainer(task, { outDir: 'runs/en-es', maxEpochs: 10 }).train();
 */
import type { Seq2Seq } from '../models/seq2seq.js';
import { Seq2SeqTranslator } from '../models/seq2seq-translator.js';
import type { Tokenizer } from '../text/tokenizer.js';
import { corpusBleu, corpusChrf } from '../eval/index.js';
import type { Rng } from '../util/random.js';
import { epochBatchOrder, type EpochBatchingOptions } from './batching.js';
import type { BatchLoss, DevResult, TrainingTask } from './training-task.js';

export interface ParallelExample {
  source: number[];
  target: number[];
}

export interface Seq2SeqTaskOptions {
  batching: Partial<EpochBatchingOptions>;
  /** Sentences per dev batch (loss and decoding). */
  devBatchSize: number;
  /** Dev pairs decoded greedily for BLEU/chrF/accuracy at each evaluation (0 = loss only). */
  devDecodeSentences: number;
  /** Turns target ids back into text for BLEU/chrF. */
  targetTokenizer?: Tokenizer;
}

export class Seq2SeqTask implements TrainingTask<ParallelExample[]> {
  readonly params;
  private readonly lengths: number[];

  constructor(
    readonly model: Seq2Seq,
    private readonly train: readonly ParallelExample[],
    private readonly dev: readonly ParallelExample[],
    private readonly options: Seq2SeqTaskOptions,
  ) {
    this.params = model.params;
    // a pair's padded cost: the longer of source + EOS and BOS + target
    this.lengths = train.map((e) => Math.max(e.source.length, e.target.length) + 1);
  }

  epochBatches(epoch: number, rng: Rng): ParallelExample[][] {
    return epochBatchOrder(this.lengths, epoch, rng, this.options.batching).map((batch) =>
      batch.map((i) => this.train[i]!),
    );
  }

  batchLoss(batch: ParallelExample[], rng: Rng): BatchLoss {
    return this.model.loss(
      batch.map((e) => e.source),
      batch.map((e) => e.target),
      rng,
      'fused',
    ); // under the optimizer's tape
  }

  batchTokens(batch: ParallelExample[]): number {
    return batch.reduce((n, e) => n + e.target.length + 1, 0);
  }

  async evaluate(): Promise<DevResult> {
    let total = 0;
    let tokens = 0;
    const size = this.options.devBatchSize;
    for (let i = 0; i < this.dev.length; i += size) {
      const batch = this.dev.slice(i, i + size);
      const { loss, tokens: n } = this.model.loss(
        batch.map((e) => e.source),
        batch.map((e) => e.target),
      );
      total += (await loss.data())[0]! * n;
      tokens += n;
      loss.dispose();
    }
    const result: DevResult = { loss: total / Math.max(tokens, 1), tokens };
    const decodeCount = Math.min(this.options.devDecodeSentences, this.dev.length);
    if (decodeCount > 0) result.metrics = await this.decodeMetrics(this.dev.slice(0, decodeCount));
    return result;
  }

  /** Greedy decoding of dev pairs: exact-match accuracy, and BLEU/chrF on detokenized text when a tokenizer is given. */
  private async decodeMetrics(pairs: readonly ParallelExample[]): Promise<Record<string, number>> {
    const translator = new Seq2SeqTranslator(this.model, { beamSize: 1 });
    const outputs: number[][] = [];
    for (let i = 0; i < pairs.length; i += this.options.devBatchSize) {
      const batch = pairs.slice(i, i + this.options.devBatchSize);
      for (const nBest of await translator.translateBatch(batch.map((e) => e.source)))
        outputs.push(nBest[0]?.tokens ?? []);
    }
    const exact = outputs.filter((o, i) => o.join(' ') === pairs[i]!.target.join(' ')).length / pairs.length;
    const metrics: Record<string, number> = { accuracy: exact };
    const tokenizer = this.options.targetTokenizer;
    if (tokenizer) {
      const hyps = outputs.map((o) => tokenizer.decode(o));
      const refs = [pairs.map((e) => tokenizer.decode(e.target))];
      metrics['bleu'] = corpusBleu(hyps, refs).score;
      metrics['chrf'] = corpusChrf(hyps, refs).score;
    }
    return metrics;
  }
}
