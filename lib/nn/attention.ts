/**
 * Bahdanau additive attention (Bahdanau, Cho & Bengio, 2015). At decoder step i, with query s = s_{i−1} and encoder
 * states h_j ("memory"):
 *   e_ij = vᵀ tanh(W_a s_{i−1} + U_a h_j + b_a)
 *   α_ij = softmax_j(e_ij), over real (unpadded) source positions only: padded positions get α = 0 exactly
 *   c_i  = Σ_j α_ij h_j
 * `U_a h_j + b_a` does not depend on i: `keys` computes it once per batch, and `attend` reuses it at every step.
 *
 * Shapes: B batch, S source length, C memory width, Q query width, A attention width.
 */
import * as tf from '@tensorflow/tfjs-core';
import { matMul } from './matmul.js';
import type { AccumulatedReads } from './accumulated-reads.js';
import type { ParamStore } from './params.js';
import { glorotUniform, constant } from './init.js';
import { ShapeError } from '../errors.js';

export class BahdanauAttention {
  /** W_a: [Q, A] */
  private readonly queryKernel: tf.Variable;
  /** U_a: [C, A] */
  private readonly keyKernel: tf.Variable;
  /** b_a: [A] */
  private readonly keyBias: tf.Variable;
  /** v: [A, 1] */
  private readonly score: tf.Variable;

  constructor(
    name: string,
    store: ParamStore,
    readonly querySize: number,
    readonly memorySize: number,
    readonly attentionSize: number,
  ) {
    const A = attentionSize;
    this.queryKernel = store.create(
      `${name}.query_kernel`,
      [querySize, A],
      glorotUniform(store.rng, querySize, A, querySize * A),
    );
    this.keyKernel = store.create(
      `${name}.key_kernel`,
      [memorySize, A],
      glorotUniform(store.rng, memorySize, A, memorySize * A),
    );
    this.keyBias = store.create(`${name}.key_bias`, [A], constant(0, A));
    this.score = store.create(`${name}.v`, [A, 1], glorotUniform(store.rng, A, 1, A));
  }

  /**
   * Precomputes `U_a h_j + b_a` for every source position, once per batch.
   * @param memory h: [B, S, C] → keys [B, S, A]
   */
  keys(memory: tf.Tensor3D): tf.Tensor3D {
    const [batch, steps, width] = memory.shape;
    if (width !== this.memorySize)
      throw new ShapeError(`attention: memory must be [B, S, ${this.memorySize}], got [${memory.shape}]`);
    return tf.tidy(
      () =>
        matMul(memory.reshape([batch * steps, width]) as tf.Tensor2D, this.keyKernel as tf.Tensor2D) // [B·S, C] · [C, A] → [B·S, A]
          .add(this.keyBias)
          .reshape([batch, steps, this.attentionSize]), // [B·S, A] → [B, S, A]
    );
  }

  /**
   * One attention read.
   * @param query s_{i−1}: [B, Q]
   * @param keys from `keys(memory)`: [B, S, A]
   * @param memory h: [B, S, C]
   * @param validMask [B, S], 1 = real source token, 0 = padding (each row needs at least one 1)
   * @param reads gradient sums for loop-invariant weights and memory (see accumulated-reads.ts)
   * @returns context c_i: [B, C] and weights α_i: [B, S]
   */
  attend(
    query: tf.Tensor2D,
    keys: tf.Tensor3D,
    memory: tf.Tensor3D,
    validMask: tf.Tensor2D,
    reads?: AccumulatedReads,
  ): { context: tf.Tensor2D; weights: tf.Tensor2D } {
    const [batch, steps] = validMask.shape;
    if (query.shape[0] !== batch || query.shape[1] !== this.querySize)
      throw new ShapeError(`attention: query must be [${batch}, ${this.querySize}], got [${query.shape}]`);
    if (keys.shape[0] !== batch || keys.shape[1] !== steps)
      throw new ShapeError(`attention: keys must be [${batch}, ${steps}, ${this.attentionSize}], got [${keys.shape}]`);
    return tf.tidy(() => {
      const q = matMul(query, this.queryKernel as tf.Tensor2D, reads).reshape([batch, 1, this.attentionSize]); // [B, Q] · [Q, A] → [B, 1, A]
      const hidden = tf.tanh(keys.add(q)); // [B, S, A]
      const energies = matMul(
        hidden.reshape([batch * steps, this.attentionSize]) as tf.Tensor2D,
        this.score as tf.Tensor2D,
        reads,
      ).reshape([batch, steps]); // [B·S, A] · [A, 1] → [B, S]
      const weights = maskedSoftmax(energies as tf.Tensor2D, validMask);
      const context = matMul(weights.reshape([batch, 1, steps]) as tf.Tensor3D, memory, reads).reshape([
        batch,
        this.memorySize,
      ]); // [B, 1, S] · [B, S, C] → [B, C]
      return { context: context as tf.Tensor2D, weights };
    });
  }
}

/**
 * `softmax_j` over positions with `validMask = 1`; masked positions get exactly 0 (their energies are replaced by
 * −∞, and exp(−∞) = 0). energies, validMask: [B, S] → [B, S].
 */
export function maskedSoftmax(energies: tf.Tensor2D, validMask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(
    () =>
      tf.softmax(
        tf.where(validMask.greater(0), energies, tf.fill(energies.shape, Number.NEGATIVE_INFINITY)),
      ) as tf.Tensor2D,
  );
}
