/**
 * Token embedding: row lookup `E[y]` in a table E: [V, E_dim].
 *
 * Gradient: `∂L/∂E = Σ_n onehot(y_n) ⊗ ∂L/∂e_n` — the scatter-add of the output gradients into the looked-up rows.
 * tfjs's default gradient of `tf.gather` needs the `UnsortedSegmentSum` kernel, which the wasm backend lacks; this
 * layer supplies its own gradient: `unsortedSegmentSum` where the backend has it, else the dense product
 * `onehot(y)ᵀ · ∂L/∂e` ([V, N] · [N, E]), built with an explicit transpose so the matmul has untransposed operands.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from './params.js';
import { uniform } from './init.js';

/** OpenNMT's `param_init` range. */
export const EMBEDDING_INIT_RANGE = 0.1;

export class Embedding {
  /** E: [V, E_dim] */
  readonly table: tf.Variable;

  constructor(
    name: string,
    store: ParamStore,
    readonly vocabSize: number,
    readonly dim: number,
  ) {
    this.table = store.create(
      `${name}.table`,
      [vocabSize, dim],
      uniform(store.rng, EMBEDDING_INIT_RANGE, vocabSize * dim),
    );
  }

  /**
   * @param ids any shape [...], int32
   * @returns [..., E_dim]
   */
  lookup(ids: tf.Tensor): tf.Tensor {
    return embeddingLookup(this.table, ids);
  }
}

/** `table[ids]` with a gradient that works on every backend (see the file comment). table: [V, E], ids: [...] → [..., E]. */
export function embeddingLookup(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  const [vocab, dim] = table.shape as [number, number];
  return tf.tidy(() => {
    const flatIds = ids.reshape([-1]); // [...] → [N]
    const lookup = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [t, idx, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      save([idx]);
      return {
        value: tf.gather(t, idx), // [N, E]
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const g = dy as tf.Tensor2D; // [N, E]
          const i = saved[0] as tf.Tensor1D; // [N]
          return [scatterRows(g, i, vocab), tf.zeros(i.shape)];
        },
      };
    }) as (t: tf.Tensor, idx: tf.Tensor) => tf.Tensor;
    return lookup(table, flatIds).reshape([...ids.shape, dim]); // [N, E] → [..., E]
  });
}

/** `Σ_n onehot(ids_n) ⊗ rows_n`: rows [N, E], ids [N] → [V, E]. */
function scatterRows(rows: tf.Tensor2D, ids: tf.Tensor1D, vocab: number): tf.Tensor2D {
  return tf.tidy(() => {
    if (tf.getKernel('UnsortedSegmentSum', tf.getBackend()) !== undefined)
      return tf.unsortedSegmentSum(rows, ids, vocab);
    // int32 then cast: tfjs-backend-wasm 4.22's OneHot kernel returns all zeros when asked for float32 output.
    const scatter = tf.transpose(tf.oneHot(ids, vocab).cast('float32')); // [N, V] → [V, N]
    return tf.matMul(scatter, rows); // [V, N] · [N, E] → [V, E]
  });
}
