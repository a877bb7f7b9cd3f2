/**
 * Layer normalisation of gate pre-activations (Ba, Kiros & Hinton, 2016):
 * `LN(a) = γ ⊙ (a − μ) / √(σ² + ε) + β`, with μ, σ² the mean and variance over the H units of each gate.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../params.js';
import { constant } from '../init.js';

export const LAYER_NORM_EPSILON = 1e-5;

export class GateLayerNorm {
  /** γ: [G, H], initialised to 1. */
  private readonly gain: tf.Variable;
  /** β: [G, H], initialised to `biasInit` (one row per gate). */
  private readonly bias: tf.Variable;

  /**
   * @param gates G, the number of gate blocks normalised separately
   * @param biasInit initial β per gate (e.g. the LSTM forget gate's 1)
   */
  constructor(
    name: string,
    store: ParamStore,
    private readonly gates: number,
    private readonly hidden: number,
    biasInit: readonly number[] = [],
  ) {
    this.gain = store.create(`${name}.gain`, [gates, hidden], constant(1, gates * hidden));
    const beta = new Float32Array(gates * hidden);
    biasInit.forEach((b, g) => beta.fill(b, g * hidden, (g + 1) * hidden));
    this.bias = store.create(`${name}.bias`, [gates, hidden], beta);
  }

  /** @param a pre-activations [B, G·H] → normalised [B, G·H] */
  apply(a: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const batch = a.shape[0]!;
      const blocks = a.reshape([batch, this.gates, this.hidden]); // [B, G·H] → [B, G, H]
      const { mean, variance } = tf.moments(blocks, 2, true); // [B, G, 1]
      const normed = blocks.sub(mean).div(variance.add(LAYER_NORM_EPSILON).sqrt());
      return normed
        .mul(this.gain)
        .add(this.bias)
        .reshape([batch, this.gates * this.hidden]); // [B, G, H] → [B, G·H]
    });
  }
}
