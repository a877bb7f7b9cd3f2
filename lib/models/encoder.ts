/**
 * The source side: embedding → stacked (optionally bidirectional) RNN → memory h_j, plus what the decoder needs
 * from it once per batch: the padding mask and the masked mean `h̄ = Σ_j m_j h_j / Σ_j m_j` (for its initial state).
 *
 * Shapes: B batch, S source length, E embedding, C = H memory width.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../nn/params.js';
import { Embedding } from '../nn/embedding.js';
import { StackedRnn } from '../nn/stacked-rnn.js';
import { BidirectionalRnn, type BidirectionalMasks } from '../nn/bidirectional.js';
import type { RecurrenceMode } from '../nn/fused/run-sequence.js';
import type { DropoutMasks } from '../nn/dropout.js';
import type { Rng } from '../util/random.js';
import type { Seq2SeqConfig } from './seq2seq-config.js';
import { tidy } from '../nn/tidy.js';

export interface EncoderOutput {
  /** h: [B, S, C], 0 at padding */
  memory: tf.Tensor3D;
  /** [B, S], 1 = real token */
  validMask: tf.Tensor2D;
  /** h̄: [B, C] */
  summary: tf.Tensor2D;
}

export type EncoderMasks = DropoutMasks | BidirectionalMasks;

export class Encoder {
  readonly embedding: Embedding;
  private readonly rnn: StackedRnn | BidirectionalRnn;
  /** C */
  readonly outputSize: number;

  constructor(
    name: string,
    store: ParamStore,
    private readonly config: Seq2SeqConfig,
  ) {
    this.embedding = new Embedding(`${name}.embedding`, store, config.sourceVocab, config.embeddingSize);
    const cellOptions = { layerNorm: config.layerNorm, peepholes: config.peepholes };
    this.rnn = config.bidirectional
      ? new BidirectionalRnn(`${name}.rnn`, store, {
          cell: config.cell,
          inputSize: config.embeddingSize,
          hiddenSize: config.hiddenSize / 2,
          layers: config.encoderLayers,
          cellOptions,
        })
      : new StackedRnn(`${name}.rnn`, store, {
          cell: config.cell,
          inputSize: config.embeddingSize,
          hiddenSize: config.hiddenSize,
          layers: config.encoderLayers,
          residual: config.residual,
          cellOptions,
        });
    this.outputSize = config.hiddenSize;
  }

  /** Variational dropout masks for one batch (training only). */
  dropoutMasks(rng: Rng, batch: number): EncoderMasks {
    return this.rnn.dropoutMasks(rng, batch, this.config.dropout);
  }

  /**
   * @param ids source ids [B, S] int32
   * @param validMask [B, S]
   */
  encode(
    ids: tf.Tensor2D,
    validMask: tf.Tensor2D,
    options: { masks?: EncoderMasks; recurrence?: RecurrenceMode } = {},
  ): EncoderOutput {
    const { masks, recurrence } = options;
    return tidy(() => {
      const embedded = this.embedding.lookup(ids) as tf.Tensor3D; // [B, S] → [B, S, E]
      const memory =
        this.rnn instanceof BidirectionalRnn
          ? this.rnn.run(embedded, validMask, { masks: masks as BidirectionalMasks | undefined, recurrence }).outputs
          : this.rnn.run(embedded, validMask, { masks: masks as DropoutMasks | undefined, recurrence }).outputs; // [B, S, C]
      const counts = tf.maximum(validMask.sum(1, true), 1); // [B, 1]
      const summary = memory.sum(1).div(counts) as tf.Tensor2D; // [B, S, C] → [B, C] (padding is 0 in memory)
      return { memory, validMask: validMask.clone(), summary };
    });
  }
}
