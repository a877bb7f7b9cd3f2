/**
 * Single-stream recurrent language model: `p(w_1 … w_T) = Π_t p(w_t | w_<t)`, a stacked RNN over one continuous
 * token stream, `p(w_t | w_<t) = softmax(W_o h_t + b_o)` with h_t the top layer's state after reading w_{t−1}.
 *
 * The model reads EOS as the sentence separator and start context (see stream-chunks.ts): sentences are scored from
 * `EOS w_1 … w_n` to predict `w_1 … w_n EOS`, and the decoding interface reads a BOS as EOS, so the LM can join a
 * translation decoder that starts from BOS.
 *
 * Training uses truncated backpropagation through time: the stream is cut into chunks; the state at the end of a
 * chunk is carried (as a constant) into the next, and reset to zero where a new document starts. Loss = mean
 * cross-entropy per predicted token; perplexity = exp(loss).
 *
 * Shapes: B streams (batch), T chunk length, E embedding, H hidden, V vocabulary.
 *
 * @example
 * const lm = new LanguageModel({ vocab: 4000 }); // LM_DEFAULTS for everything else
 * const [{ logProb, tokens }] = lm.scoreSentences([[5, 6, 7]]); // perplexity(−logProb / tokens)
 */
import * as tf from '@tensorflow/tfjs-core';
import { matMul } from '../nn/matmul.js';
import { ParamStore } from '../nn/params.js';
import { Embedding } from '../nn/embedding.js';
import { StackedRnn } from '../nn/stacked-rnn.js';
import { Linear } from '../nn/linear.js';
import { variationalMask } from '../nn/dropout.js';
import type { CellState } from '../nn/cells/cell.js';
import { constant } from '../nn/init.js';
import { resolveLmConfig, type LanguageModelConfig } from './lm-config.js';
import { maskedCrossEntropy } from './loss.js';
import { padIds } from './padded-batch.js';
import { BOS_ID, EOS_ID } from '../text/special-ids.js';
import type { SyncStepModel } from '../decode/step-model.js';
import type { Rng } from '../util/random.js';
import { tidy } from '../nn/tidy.js';

/** The LM's decoding state: one cell state per layer, [N, H] each. */
export interface LmState {
  layers: CellState[];
}

/** One chunk of B parallel streams for truncated BPTT. All arrays are row-major [B, T]. */
export interface StreamChunk {
  /** w_{t−1}: the tokens read */
  inputs: Int32Array;
  /** w_t: the tokens to predict */
  targets: Int32Array;
  /** 1 = a real position, 0 = padding at the end of the stream */
  valid: Float32Array;
  /** 1 where a new document starts: the state is zeroed before reading that input */
  reset: Float32Array;
  batch: number;
  steps: number;
}

export class LanguageModel {
  readonly config: LanguageModelConfig;
  readonly params: ParamStore;
  readonly embedding: Embedding;
  readonly rnn: StackedRnn;
  private readonly output?: Linear;
  private readonly tiedBias?: tf.Variable;

  constructor(config: Partial<LanguageModelConfig> & Pick<LanguageModelConfig, 'vocab'>, seed = 1) {
    this.config = resolveLmConfig(config);
    const c = this.config;
    this.params = new ParamStore(seed);
    this.embedding = new Embedding('lm.embedding', this.params, c.vocab, c.embeddingSize);
    this.rnn = new StackedRnn('lm.rnn', this.params, {
      cell: c.cell,
      inputSize: c.embeddingSize,
      hiddenSize: c.hiddenSize,
      layers: c.layers,
      residual: c.residual,
      cellOptions: { layerNorm: c.layerNorm },
    });
    if (c.tieEmbeddings) this.tiedBias = this.params.create('lm.output.bias', [c.vocab], constant(0, c.vocab));
    else this.output = new Linear('lm.output', this.params, c.hiddenSize, c.vocab);
  }

  zeroState(batch: number): LmState {
    return { layers: this.rnn.zeroStates(batch) };
  }

  /** W_o h + b_o: [N, H] → [N, V] */
  logits(hidden: tf.Tensor2D): tf.Tensor2D {
    return tidy(() =>
      this.output
        ? (this.output.apply(hidden) as tf.Tensor2D)
        : (matMul(hidden, tf.transpose(this.embedding.table) as tf.Tensor2D).add(this.tiedBias!) as tf.Tensor2D),
    );
  }

  /**
   * Loss of one TBPTT chunk.
   * @param initial the state carried from the previous chunk (not differentiated through)
   * @param rng when given, dropout is on
   * @returns mean cross-entropy per real position, the number of positions, and the final state (kept: the caller
   *   disposes it after carrying it into the next chunk)
   */
  chunkLoss(chunk: StreamChunk, initial: LmState, rng?: Rng): { loss: tf.Scalar; tokens: number; final: LmState } {
    const { batch, steps } = chunk;
    let final: LmState = initial;
    const loss = tf.tidy(() => {
      const inputs = tf.tensor2d(chunk.inputs, [batch, steps], 'int32');
      const valid = tf.tensor2d(chunk.valid, [batch, steps]);
      const keep = tf.split(tf.sub(1, tf.tensor2d(chunk.reset, [batch, steps])), steps, 1) as tf.Tensor2D[]; // T × [B, 1]
      const validSteps = tf.split(valid, steps, 1) as tf.Tensor2D[]; // T × [B, 1]
      const masks = rng && this.config.dropout > 0 ? this.rnn.dropoutMasks(rng, batch, this.config.dropout) : undefined;
      const topMask =
        rng && this.config.dropout > 0
          ? variationalMask(rng, batch, this.config.hiddenSize, this.config.dropout)
          : undefined;
      const embedded = tf.unstack(this.embedding.lookup(inputs), 1) as tf.Tensor2D[]; // T × [B, E]
      let layers = initial.layers;
      const outputs: tf.Tensor2D[] = [];
      for (let t = 0; t < steps; t++) {
        layers = layers.map((s) =>
          s.c
            ? { h: s.h.mul(keep[t]!) as tf.Tensor2D, c: s.c.mul(keep[t]!) as tf.Tensor2D }
            : { h: s.h.mul(keep[t]!) as tf.Tensor2D },
        ); // reset at document starts
        const out = this.rnn.step(embedded[t]!, layers, { masks, validMask: validSteps[t]! });
        layers = out.states;
        outputs.push(topMask ? (out.output.mul(topMask) as tf.Tensor2D) : out.output);
      }
      const hidden = tf.stack(outputs, 1).reshape([batch * steps, this.config.hiddenSize]) as tf.Tensor2D; // [B·T, H]
      final = { layers: layers.map((s) => (s.c ? { h: tf.keep(s.h), c: tf.keep(s.c) } : { h: tf.keep(s.h) })) };
      return maskedCrossEntropy(
        this.logits(hidden),
        tf.tensor1d(chunk.targets, 'int32'),
        valid.reshape([-1]) as tf.Tensor1D,
      );
    });
    const tokens = chunk.valid.reduce((n, v) => n + v, 0);
    return { loss, tokens, final };
  }

  /**
   * Log-probability of whole sentences read from a fresh state: `Σ_t log p(w_t | EOS w_<t)` over the sentence's
   * tokens and the final EOS. Returns, per sentence, the log-probability and the number of predicted tokens.
   */
  scoreSentences(sentences: readonly (readonly number[])[]): Array<{ logProb: number; tokens: number }> {
    if (sentences.length === 0) return [];
    const perToken = tf.tidy(() => {
      const input = padIds(sentences.map((s) => [EOS_ID, ...s]));
      const target = padIds(sentences.map((s) => [...s, EOS_ID]));
      const [batch, steps] = input.ids.shape;
      const embedded = this.embedding.lookup(input.ids) as tf.Tensor3D; // [B, T, E]
      const hidden = this.rnn
        .run(embedded, input.validMask)
        .outputs.reshape([batch * steps, this.config.hiddenSize]) as tf.Tensor2D; // [B·T, H]
      const logProbs = tf.logSoftmax(this.logits(hidden)); // [B·T, V]
      const gold = tf.sum(
        logProbs.mul(tf.oneHot(target.ids.reshape([-1]) as tf.Tensor1D, this.config.vocab).cast('float32')),
        1,
      ); // [B·T]
      return gold
        .mul(target.validMask.reshape([-1]))
        .reshape([batch, steps])
        .arraySync() as number[][];
    });
    return sentences.map((s, b) => ({ logProb: perToken[b]!.reduce((a, x) => a + x, 0), tokens: s.length + 1 }));
  }

  /** The LM as a `StepModel` (for sampling, shallow fusion and rescoring); a BOS input is read as EOS (see above). */
  stepModel(): SyncStepModel<LmState> {
    return {
      vocabSize: this.config.vocab,
      step: (state, tokens) =>
        tidy(() => {
          const inputs = tf.where(tokens.equal(BOS_ID), tf.fill(tokens.shape, EOS_ID, 'int32'), tokens); // BOS → EOS
          const out = this.rnn.step(this.embedding.lookup(inputs) as tf.Tensor2D, state.layers); // [N] → [N, E] → [N, H]
          return { logProbs: tf.logSoftmax(this.logits(out.output)) as tf.Tensor2D, state: { layers: out.states } };
        }),
      select: (state, rows) =>
        tidy(() => ({
          layers: state.layers.map((s) =>
            s.c ? { h: tf.gather(s.h, rows), c: tf.gather(s.c, rows) } : { h: tf.gather(s.h, rows) },
          ),
        })),
      disposeState: (state) => disposeLmState(state),
    };
  }

  dispose(): void {
    this.params.dispose();
  }
}

export function disposeLmState(state: LmState): void {
  tf.dispose(state.layers.flatMap((s) => (s.c ? [s.h, s.c] : [s.h])));
}
