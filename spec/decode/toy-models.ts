/**
 * Toy `StepModel`s for the decoding specs. `HashTableModel`: the next-token distribution is a fixed random row of a
 * table, chosen by a hash of (source length, prefix) — a deterministic function of the prefix, row-independent (so
 * batch invariance is meaningful) and cheap, so exhaustive search is feasible for V ≤ 6 and length ≤ 5.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BOS_ID, EOS_ID, PAD_ID } from '../../lib/text/special-ids.js';
import type { StepModel, StepOutput } from '../../lib/decode/step-model.js';
import type { FusionLm } from '../../lib/decode/processors/lm-fusion.js';
import { Rng } from '../../lib/util/random.js';

export interface ToyState {
  /** Hash of (source length, tokens consumed so far), [N] int32. */
  hash: tf.Tensor1D;
  /** Real source length of each row, [N] int32. */
  sourceLength: tf.Tensor1D;
  /** S: padded source width of the batch (attention columns). */
  sourceWidth: number;
}

export interface ToyOptions {
  vocabSize: number;
  seed: number;
  /** Scale of the random logits: larger = peakier distributions. */
  sharpness?: number;
  /** Added to the eos logit: larger = shorter outputs. */
  eosBias?: number;
  /** Emit fake attention [N, S] over the real source positions. */
  attention?: boolean;
  /** Logit bonus for one token in every row (an LM that "prefers" it). */
  prefer?: { token: number; bonus: number };
}

/** Rows of the random table (prime, so the hash spreads). */
const TABLE_ROWS = 211;
/** Multiplier of the rolling hash. */
const HASH_MULTIPLIER = 31;
/** Widest source the fake attention supports. */
const MAX_SOURCE = 16;

export class HashTableModel implements StepModel<ToyState> {
  readonly vocabSize: number;
  /** log p rows, [TABLE_ROWS, V]. */
  readonly table: tf.Tensor2D;
  /** Attention logits, [TABLE_ROWS, MAX_SOURCE]. */
  private readonly attentionTable: tf.Tensor2D | undefined;
  /** N of every `step` call, for the specs that check that finished sentences leave the batch. */
  readonly stepRows: number[] = [];

  constructor(options: ToyOptions) {
    this.vocabSize = options.vocabSize;
    const rng = new Rng(options.seed);
    const logits = new Float32Array(TABLE_ROWS * options.vocabSize);
    for (let i = 0; i < logits.length; i++) logits[i] = (options.sharpness ?? 1) * rng.normal();
    for (let r = 0; r < TABLE_ROWS; r++) {
      logits[r * options.vocabSize + EOS_ID]! += options.eosBias ?? 0;
      if (options.prefer) logits[r * options.vocabSize + options.prefer.token]! += options.prefer.bonus;
    }
    this.table = tf.tidy(() => tf.logSoftmax(tf.tensor2d(logits, [TABLE_ROWS, options.vocabSize])));
    this.attentionTable = options.attention
      ? tf.tensor2d(
          Array.from({ length: TABLE_ROWS * MAX_SOURCE }, () => 2 * rng.normal()),
          [TABLE_ROWS, MAX_SOURCE],
        )
      : undefined;
  }

  /** B rows for sources of the given lengths. */
  initialState(sourceLengths: readonly number[]): ToyState {
    return {
      hash: tf.tensor1d(
        sourceLengths.map((s) => (s * HASH_MULTIPLIER + 1) % TABLE_ROWS),
        'int32',
      ),
      sourceLength: tf.tensor1d([...sourceLengths], 'int32'),
      sourceWidth: Math.max(1, ...sourceLengths),
    };
  }

  step(state: ToyState, tokens: tf.Tensor1D): StepOutput<ToyState> {
    this.stepRows.push(tokens.shape[0]);
    const [hash, logProbs, attention] = tf.tidy(() => {
      const int = (x: number): tf.Scalar => tf.scalar(x, 'int32');
      const hash = state.hash.mul(int(HASH_MULTIPLIER)).add(tokens).add(int(1)).mod(int(TABLE_ROWS)) as tf.Tensor1D; // [N]
      const logProbs = tf.gather(this.table, hash) as tf.Tensor2D; // [N, V]
      if (!this.attentionTable) return [hash, logProbs];
      const s = state.sourceWidth;
      const logits = tf.gather(this.attentionTable, hash).slice([0, 0], [-1, s]) as tf.Tensor2D; // [N, S]
      const valid = tf
        .range(0, s, 1, 'int32')
        .reshape([1, s])
        .less(state.sourceLength.reshape([-1, 1])); // [1, S] < [N, 1]
      return [hash, logProbs, tf.softmax(tf.where(valid, logits, tf.fill(logits.shape, -Infinity))) as tf.Tensor2D];
    });
    const out: StepOutput<ToyState> = {
      logProbs: logProbs as tf.Tensor2D,
      state: { hash: hash as tf.Tensor1D, sourceLength: state.sourceLength.clone(), sourceWidth: state.sourceWidth },
    };
    if (attention) out.attention = attention as tf.Tensor2D;
    return out;
  }

  select(state: ToyState, rows: tf.Tensor1D): ToyState {
    return {
      hash: tf.gather(state.hash, rows),
      sourceLength: tf.gather(state.sourceLength, rows),
      sourceWidth: state.sourceWidth,
    };
  }

  disposeState(state: ToyState): void {
    tf.dispose([state.hash, state.sourceLength]);
  }

  /** Frees the tables. */
  dispose(): void {
    tf.dispose([this.table, ...(this.attentionTable ? [this.attentionTable] : [])]);
  }

  /** This model as a source-free language model (every row starts from source length 0). */
  asLanguageModel(): FusionLm<ToyState> {
    return { model: this, initialState: (rows) => this.initialState(new Array<number>(rows).fill(0)) };
  }

  /** Host copy of the first-step distribution p(y_1 | bos) for a source of length `sourceLength`. */
  firstStepProbs(sourceLength: number): number[] {
    const hash = (((sourceLength * HASH_MULTIPLIER + 1) % TABLE_ROWS) * HASH_MULTIPLIER + 2 + 1) % TABLE_ROWS; // bos = 2
    return Array.from(tf.tidy(() => this.table.slice([hash, 0], [1, this.vocabSize]).exp().dataSync()));
  }
}

/** Every sequence of output ids (not eos, padding or the sentence start) of length ≤ maxLength: the exhaustive search space. */
export function allSequences(vocabSize: number, maxLength: number): number[][] {
  const tokens = Array.from({ length: vocabSize }, (_, i) => i).filter((i) => ![EOS_ID, PAD_ID, BOS_ID].includes(i));
  const result: number[][] = [[]];
  let frontier: number[][] = [[]];
  for (let t = 0; t < maxLength; t++) {
    frontier = frontier.flatMap((prefix) => tokens.map((y) => [...prefix, y]));
    result.push(...frontier);
  }
  return result;
}
