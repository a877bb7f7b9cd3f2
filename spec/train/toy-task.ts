/**
 * A tiny TrainingTask for the trainer specs: sequences of random ids over V symbols, each token to be mapped to
 * (3·x + 1) mod V. Model: embedding [V, E] → variational dropout (one [B, E] mask per batch, drawn from the run's
 * rng, so restoring the rng matters) → linear [E, V] → masked cross-entropy over real tokens.
 * Data come from a fixed data seed; the initial weights from `initSeed`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Embedding } from '../../lib/nn/embedding.js';
import { Linear } from '../../lib/nn/linear.js';
import { ParamStore } from '../../lib/nn/params.js';
import { Rng } from '../../lib/util/random.js';
import { epochBatchOrder } from '../../lib/train/batching.js';
import { padRows } from '../../lib/data/padding.js';
import type { BatchLoss, DevResult, TrainingTask } from '../../lib/train/training-task.js';

export interface ToyOptions {
  vocab: number;
  dim: number;
  trainSize: number;
  devSize: number;
  dropout: number;
  initSeed: number;
  dataSeed: number;
  maxTokens: number;
  maxSentences: number;
}

const TOY_DEFAULTS: ToyOptions = {
  vocab: 12,
  dim: 8,
  trainSize: 48,
  devSize: 12,
  dropout: 0.3,
  initSeed: 7,
  dataSeed: 99,
  maxTokens: 24,
  maxSentences: 6,
};

function randomSequences(rng: Rng, n: number, vocab: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: 1 + rng.int(6) }, () => rng.int(vocab)));
}

export class ToyTask implements TrainingTask<number[]> {
  readonly params: ParamStore;
  readonly o: ToyOptions;
  readonly train: number[][];
  readonly dev: number[][];
  private readonly embedding: Embedding;
  private readonly output: Linear;
  /** Epochs started, for tests. */
  startedEpochs: number[] = [];

  constructor(options: Partial<ToyOptions> = {}) {
    this.o = { ...TOY_DEFAULTS, ...options };
    this.params = new ParamStore(this.o.initSeed);
    this.embedding = new Embedding('toy.embed', this.params, this.o.vocab, this.o.dim);
    this.output = new Linear('toy.out', this.params, this.o.dim, this.o.vocab);
    const data = new Rng(this.o.dataSeed);
    this.train = randomSequences(data, this.o.trainSize, this.o.vocab);
    this.dev = randomSequences(data, this.o.devSize, this.o.vocab);
  }

  epochBatches(epoch: number, rng: Rng): number[][] {
    return epochBatchOrder(
      this.train.map((s) => s.length),
      epoch,
      rng,
      { maxTokens: this.o.maxTokens, maxSentences: this.o.maxSentences },
    );
  }

  startEpoch(epoch: number): void {
    this.startedEpochs.push(epoch);
  }

  batchLoss(batch: number[], rng: Rng | null): BatchLoss {
    const rows = batch.map((i) => this.train[i]!);
    return { loss: this.loss(rows, rng), tokens: this.batchTokens(batch) };
  }

  /** Mean cross-entropy per real token; dropout only with an rng. */
  loss(rows: number[][], rng: Rng | null): tf.Scalar {
    const padded = padRows(rows);
    const [b, l] = padded.shape;
    const targets = Int32Array.from(padded.ids, (x) => (3 * x + 1) % this.o.vocab);
    let mask: Float32Array | null = null;
    if (rng && this.o.dropout > 0) {
      mask = new Float32Array(b * this.o.dim);
      for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < this.o.dropout ? 0 : 1 / (1 - this.o.dropout);
    }
    return tf.tidy(() => {
      let x = this.embedding.lookup(tf.tensor2d(padded.ids, [b, l], 'int32')); // [B, L, E]
      if (mask) x = x.mul(tf.tensor3d(mask, [b, 1, this.o.dim])); // one mask per sequence, broadcast over L
      const logits = this.output.apply(x).reshape([b * l, this.o.vocab]); // [B, L, V] → [N, V]
      const logProbs = tf.logSoftmax(logits); // [N, V]
      const gold = tf.oneHot(tf.tensor1d(targets, 'int32'), this.o.vocab).cast('float32'); // [N, V]
      const nll = tf.neg(tf.sum(logProbs.mul(gold), 1)); // [N]
      const valid = tf.tensor1d(padded.validMask); // [N]
      return tf.sum(nll.mul(valid)).div(tf.sum(valid)) as tf.Scalar;
    });
  }

  async evaluate(): Promise<DevResult> {
    const loss = this.loss(this.dev, null);
    const value = (await loss.data())[0]!;
    loss.dispose();
    return { loss: value, tokens: this.dev.reduce((n, s) => n + s.length, 0) };
  }

  batchTokens(batch: number[]): number {
    return batch.reduce((n, i) => n + this.train[i]!.length, 0);
  }

  dispose(): void {
    this.params.dispose();
  }
}
