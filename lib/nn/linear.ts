/** Affine layer `y = x · W + b`, W: [In, Out], b: [Out]; applies to the last axis of any-rank input. */
import * as tf from '@tensorflow/tfjs-core';
import { matMul } from './matmul.js';
import type { AccumulatedReads } from './accumulated-reads.js';
import type { ParamStore } from './params.js';
import { glorotUniform, constant } from './init.js';

export class Linear {
  /** W: [In, Out] */
  readonly kernel: tf.Variable;
  /** b: [Out] (omitted with `bias: false`) */
  readonly bias?: tf.Variable;

  constructor(
    name: string,
    store: ParamStore,
    readonly inputSize: number,
    readonly outputSize: number,
    options: { bias?: boolean } = {},
  ) {
    this.kernel = store.create(
      `${name}.kernel`,
      [inputSize, outputSize],
      glorotUniform(store.rng, inputSize, outputSize, inputSize * outputSize),
    );
    if (options.bias !== false) this.bias = store.create(`${name}.bias`, [outputSize], constant(0, outputSize));
  }

  /**
   * x: [..., In] → [..., Out]
   * @param reads gradient sums for loop-invariant weights (see accumulated-reads.ts)
   */
  apply(x: tf.Tensor, reads?: AccumulatedReads): tf.Tensor {
    return tf.tidy(() => {
      const lead = x.shape.slice(0, -1);
      const flat = x.reshape([-1, this.inputSize]); // [..., In] → [N, In]
      const y = matMul(flat as tf.Tensor2D, this.kernel as tf.Tensor2D, reads); // [N, In] · [In, Out] → [N, Out]
      return (this.bias ? y.add(this.bias) : y).reshape([...lead, this.outputSize]); // [N, Out] → [..., Out]
    });
  }
}
