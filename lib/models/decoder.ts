/**
 * The target side, one token at a time. `core` is the single decoder step that training (teacher forcing, unrolled
 * over T) and decoding (greedy, sampling, beam) both call:
 *   c_i = attention(s_{i−1}, h)                          (Bahdanau; query = top layer's previous state)
 *   s_i = RNN(s_{i−1}, [E y_{i−1} ; c_i])
 *   o_i = tanh(W_b [s_i ; c_i] + b_b)                    (the bridge; o_i = [s_i ; c_i] without it; c_i is left
 *                                                         out with `outputContext: false`)
 *   p(y_i | y_<i, x) = softmax(W_o o_i + b_o)            (`logits`, applied per step or once over all T)
 * Without attention the c terms drop out. The initial state is `s_0 = tanh(W_init h̄ + b_init)` per layer (the
 * LSTM memory cell starts at 0), or zeros.
 *
 * Shapes: N rows (B, or B·K in beam search), S source length, E embedding, H hidden, C memory, A attention,
 * F feature width, V target vocabulary.
 */
import * as tf from '@tensorflow/tfjs-core';
import { matMul } from '../nn/matmul.js';
import type { ParamStore } from '../nn/params.js';
import { Embedding } from '../nn/embedding.js';
import { StackedRnn } from '../nn/stacked-rnn.js';
import { BahdanauAttention } from '../nn/attention.js';
import { Linear } from '../nn/linear.js';
import { variationalMask, type DropoutMasks } from '../nn/dropout.js';
import type { AccumulatedReads } from '../nn/accumulated-reads.js';
import type { CellState } from '../nn/cells/cell.js';
import type { Rng } from '../util/random.js';
import type { Seq2SeqConfig } from './seq2seq-config.js';
import type { EncoderOutput } from './encoder.js';
import { constant } from '../nn/init.js';
import { tidy } from '../nn/tidy.js';

/** Everything a decoding step reads and writes, row-aligned (row r of every tensor belongs to the same hypothesis). */
export interface DecoderState {
  /** One cell state per decoder layer, [N, H] each. */
  layers: CellState[];
  /** h: [N, S, C] */
  memory: tf.Tensor3D;
  /** U_a h + b_a: [N, S, A] (attention only) */
  keys?: tf.Tensor3D;
  /** [N, S] */
  sourceMask: tf.Tensor2D;
  /**
   * Row r reads the memory of source sentence `sources[r]` (rows of one sentence have identical memory, keys and
   * mask): `select` gathers those three only when this mapping changes, not for every beam reordering.
   */
  sources: readonly number[];
}

/** Per-batch dropout masks of the decoder (training only). */
export interface DecoderMasks {
  rnn: DropoutMasks;
  /** on o_i: [N, F] */
  features: tf.Tensor2D;
}

export interface DecoderStepOptions {
  /** Dropout masks (training only). */
  masks?: DecoderMasks;
  /** Gradient sums for `stepOperands` over a teacher-forced loop (training only; see nn/accumulated-reads.ts). */
  reads?: AccumulatedReads;
}

export class Decoder {
  readonly embedding: Embedding;
  private readonly rnn: StackedRnn;
  private readonly attention?: BahdanauAttention;
  private readonly init?: Linear[];
  private readonly bridge?: Linear;
  /** W_o: [F, V] (absent when tied to the embedding) */
  private readonly output?: Linear;
  /** b_o: [V] when tied */
  private readonly tiedBias?: tf.Variable;
  /** F */
  readonly featureSize: number;
  /** The matrices of attention, RNN, init and bridge: what `core` multiplies by at every step (and a few it does not). */
  private readonly stepKernels: tf.Variable[];

  constructor(
    name: string,
    store: ParamStore,
    private readonly config: Seq2SeqConfig,
    memorySize: number,
  ) {
    const H = config.hiddenSize;
    this.embedding = new Embedding(`${name}.embedding`, store, config.targetVocab, config.embeddingSize);
    const firstStepParameter = store.variables.size;
    if (config.attention)
      this.attention = new BahdanauAttention(`${name}.attention`, store, H, memorySize, config.attentionSize);
    const contextWidth = config.attention ? memorySize : 0;
    this.rnn = new StackedRnn(`${name}.rnn`, store, {
      cell: config.cell,
      inputSize: config.embeddingSize + contextWidth,
      hiddenSize: H,
      layers: config.decoderLayers,
      residual: config.residual,
      cellOptions: { layerNorm: config.layerNorm, peepholes: config.peepholes },
    });
    if (config.decoderInit === 'mean-projection')
      this.init = this.rnn.cells.map((_, l) => new Linear(`${name}.init.l${l}`, store, memorySize, H));
    const raw = H + (config.outputContext ? contextWidth : 0);
    if (config.bridgeSize > 0) this.bridge = new Linear(`${name}.bridge`, store, raw, config.bridgeSize);
    this.featureSize = config.bridgeSize > 0 ? config.bridgeSize : raw;
    this.stepKernels = [...store.variables.values()].slice(firstStepParameter).filter((v) => v.rank === 2);
    if (config.tieTargetEmbeddings)
      this.tiedBias = store.create(`${name}.output.bias`, [config.targetVocab], constant(0, config.targetVocab));
    else this.output = new Linear(`${name}.output`, store, this.featureSize, config.targetVocab);
  }

  /** s_0 for every row of an encoded batch; memory/keys/mask are shared with (copied from) the encoder output. */
  initialState(encoded: EncoderOutput): DecoderState {
    return tidy(() => {
      const batch = encoded.memory.shape[0];
      const layers = this.rnn.cells.map((cell, l): CellState => {
        const h = this.init
          ? (tf.tanh(this.init[l]!.apply(encoded.summary)) as tf.Tensor2D)
          : (tf.zeros([batch, cell.hiddenSize]) as tf.Tensor2D); // [B, C] → [B, H]
        return cell.kind === 'lstm' ? { h, c: tf.zeros([batch, cell.hiddenSize]) } : { h };
      });
      return {
        layers,
        memory: encoded.memory.clone(),
        keys: this.attention?.keys(encoded.memory),
        sourceMask: encoded.validMask.clone(),
        sources: Array.from({ length: batch }, (_, r) => r),
      };
    });
  }

  dropoutMasks(rng: Rng, batch: number): DecoderMasks {
    return {
      rnn: this.rnn.dropoutMasks(rng, batch, this.config.dropout),
      features: variationalMask(rng, batch, this.featureSize, this.config.dropout),
    };
  }

  /**
   * One decoder step up to the output features.
   * @param previous y_{i−1} embedded: [N, E]
   * @returns o_i: [N, F], the next state, and α_i: [N, S] (attention only)
   */
  core(
    state: DecoderState,
    previous: tf.Tensor2D,
    options: DecoderStepOptions = {},
  ): { features: tf.Tensor2D; state: DecoderState; weights?: tf.Tensor2D } {
    const { masks, reads } = options;
    return tidy(() => {
      let input = previous;
      let context: tf.Tensor2D | undefined;
      let weights: tf.Tensor2D | undefined;
      if (this.attention) {
        const query = state.layers[state.layers.length - 1]!.h; // s_{i−1} of the top layer
        ({ context, weights } = this.attention.attend(query, state.keys!, state.memory, state.sourceMask, reads));
        input = tf.concat([previous, context], 1); // [N, E + C]
      }
      const { output, states } = this.rnn.step(input, state.layers, { masks: masks?.rnn, reads }); // s_i: [N, H]
      const raw = context && this.config.outputContext ? (tf.concat([output, context], 1) as tf.Tensor2D) : output; // [N, H (+ C)]
      let features = this.bridge ? (tf.tanh(this.bridge.apply(raw, reads)) as tf.Tensor2D) : raw; // [N, F]
      if (masks) features = features.mul(masks.features);
      const next: DecoderState = {
        layers: states,
        memory: state.memory,
        keys: state.keys,
        sourceMask: state.sourceMask,
        sources: state.sources,
      };
      return { features, state: next, weights };
    });
  }

  /**
   * The loop invariants `core` multiplies by — its weight matrices and the memory h — for `AccumulatedReads`
   * (nn/accumulated-reads.ts), which keeps one gradient sum for each instead of one gradient per step.
   */
  stepOperands(state: DecoderState): tf.Tensor[] {
    return [...this.stepKernels, state.memory];
  }

  /** W_o o + b_o: [N, F] → [N, V] (tied: o · Eᵀ + b_o). */
  logits(features: tf.Tensor2D): tf.Tensor2D {
    return tidy(() => {
      if (this.output) return this.output.apply(features) as tf.Tensor2D;
      return matMul(features, tf.transpose(this.embedding.table) as tf.Tensor2D).add(this.tiedBias!) as tf.Tensor2D; // [N, E] · ([V, E] → [E, V]) → [N, V]
    });
  }
}
