/**
 * The small random model behind `s2s gradcheck`: embedding → (bidirectional) stacked encoder → [Bahdanau attention +
 * stacked decoder] → linear → masked cross-entropy on a fixed random batch that includes padding. Every parameter
 * takes part in the loss, so every gradient is exercised.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ParamStore } from './params.js';
import { Embedding } from './embedding.js';
import { StackedRnn } from './stacked-rnn.js';
import type { RecurrenceMode } from './fused/run-sequence.js';
import { BidirectionalRnn } from './bidirectional.js';
import { BahdanauAttention } from './attention.js';
import { Linear } from './linear.js';
import type { CellKind, CellOptions } from './cells/cell.js';
import { Rng } from '../util/random.js';
import { uniform } from './init.js';

export interface GradcheckModelOptions {
  cell: CellKind;
  layers: number;
  bidirectional: boolean;
  attention: boolean;
  seed: number;
  cellOptions?: CellOptions;
  /** How the encoder runs its cells (default 'fused', as in training; 'stepwise' checks the per-step path). */
  recurrence?: RecurrenceMode;
}

/** Sizes: small enough that a central difference per element stays fast. */
const V = 7;
const E = 3;
const H = 4;
const A = 3;
/** Source lengths of the two sentences (the second is padded) and target length. */
const SOURCE_LENGTHS = [4, 2];
const T = 3;
/** Weights are redrawn from U(−WEIGHT_RANGE, WEIGHT_RANGE). */
const WEIGHT_RANGE = 0.8;

export interface GradcheckModel {
  params: ParamStore;
  loss: () => tf.Scalar;
  dispose(): void;
}

export function buildGradcheckModel(options: GradcheckModelOptions): GradcheckModel {
  const params = new ParamStore(options.seed);
  const data = new Rng(options.seed + 1);
  const S = Math.max(...SOURCE_LENGTHS);
  const B = SOURCE_LENGTHS.length;
  const srcIds = tf.tensor2d(
    SOURCE_LENGTHS.flatMap((len) => Array.from({ length: S }, (_, j) => (j < len ? 1 + data.int(V - 1) : 0))),
    [B, S],
    'int32',
  );
  const srcMask = tf.tensor2d(
    SOURCE_LENGTHS.flatMap((len) => Array.from({ length: S }, (_, j) => (j < len ? 1 : 0))),
    [B, S],
  );
  const tgtIn = tf.tensor2d(
    Array.from({ length: B * T }, () => data.int(V)),
    [B, T],
    'int32',
  );
  const tgtOut = tf.tensor2d(
    Array.from({ length: B * T }, () => data.int(V)),
    [B, T],
    'int32',
  );
  const tgtMask = tf.tensor2d([1, 1, 1, 1, 1, 0], [B, T]);

  const embed = new Embedding('embed', params, V, E);
  const encoder = options.bidirectional
    ? new BidirectionalRnn('encoder', params, {
        cell: options.cell,
        inputSize: E,
        hiddenSize: H,
        layers: options.layers,
        cellOptions: options.cellOptions,
      })
    : new StackedRnn('encoder', params, {
        cell: options.cell,
        inputSize: E,
        hiddenSize: H,
        layers: options.layers,
        cellOptions: options.cellOptions,
      });
  const C = options.bidirectional ? 2 * H : H;
  const attention = options.attention ? new BahdanauAttention('attention', params, H, C, A) : undefined;
  const decoder = options.attention
    ? new StackedRnn('decoder', params, {
        cell: options.cell,
        inputSize: E + C,
        hiddenSize: H,
        layers: options.layers,
        cellOptions: options.cellOptions,
      })
    : undefined;
  const output = new Linear('output', params, options.attention ? H + C : C, V);

  const decoderStart = (decoder?.cells ?? []).map((cell) => {
    const h = tf.tensor2d(uniform(data, 1, B * H), [B, H]);
    return cell.kind === 'lstm' ? { h, c: tf.tensor2d(uniform(data, 1, B * H), [B, H]) } : { h };
  });

  // Weights of order 1 (rather than the training initialisation's ~0.1) keep gradients well above float32 noise.
  for (const variable of params.variables.values()) {
    tf.tidy(() => variable.assign(tf.tensor(uniform(data, WEIGHT_RANGE, variable.size), variable.shape)));
  }

  const loss = (): tf.Scalar =>
    tf.tidy(() => {
      const memory = encoder.run(embed.lookup(srcIds) as tf.Tensor3D, srcMask, {
        recurrence: options.recurrence ?? 'fused',
      }).outputs; // [B, S, C]
      let features: tf.Tensor3D;
      if (attention && decoder) {
        const keys = attention.keys(memory);
        const ys = tf.unstack(embed.lookup(tgtIn), 1) as tf.Tensor2D[]; // T × [B, E]
        let states = decoderStart; // a random start (not zeros) so the first attention query carries signal
        const steps: tf.Tensor2D[] = [];
        for (const y of ys) {
          const { context } = attention.attend(states[states.length - 1]!.h, keys, memory, srcMask);
          const out = decoder.step(tf.concat([y, context], 1), states);
          states = out.states;
          steps.push(tf.concat([out.output, attention.attend(out.output, keys, memory, srcMask).context], 1));
        }
        features = tf.stack(steps, 1) as tf.Tensor3D; // [B, T, H+C]
      } else {
        features = memory.slice([0, 0, 0], [B, T, C]); // [B, T, C]
      }
      const logProbs = tf.logSoftmax(output.apply(features)); // [B, T, V]
      const picked = tf.sum(logProbs.mul(tf.oneHot(tgtOut, V)), 2); // [B, T]
      return tf.neg(tf.sum(picked.mul(tgtMask))) as tf.Scalar; // summed, not averaged: larger gradients
    });

  return {
    params,
    loss,
    dispose() {
      tf.dispose([
        srcIds,
        srcMask,
        tgtIn,
        tgtOut,
        tgtMask,
        ...decoderStart.flatMap((st) => (st.c ? [st.h, st.c] : [st.h])),
      ]);
      params.dispose();
    },
  };
}
