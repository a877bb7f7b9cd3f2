/**
 * The parameter registry of one model: every trainable tensor is a `tf.Variable` registered here under a dotted
 * name (`encoder.fwd.l0.kernel`). Names are the checkpoint keys, the optimizer's variable list and the gradient
 * checker's table rows. Initial values come from the store's seeded `Rng`, so one seed fixes the initialisation on
 * every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../util/random.js';
import { S2SError } from '../errors.js';

export class ParamStore {
  /** Variables in creation order (checkpoint and optimizer order). */
  readonly variables = new Map<string, tf.Variable>();
  /** Draws initial values; consumed in creation order. */
  readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  /**
   * Creates and registers a trainable variable.
   * @param init values in row-major order, e.g. from `glorotUniform`; length must equal the product of `shape`.
   */
  create(name: string, shape: number[], init: Float32Array): tf.Variable {
    if (this.variables.has(name))
      throw new S2SError('E_PARAM_DUPLICATE', `parameter '${name}' is registered twice: give each layer a unique name`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (init.length !== size)
      throw new S2SError(
        'E_PARAM_INIT',
        `parameter '${name}': initial values have length ${init.length}, shape [${shape}] needs ${size}`,
      );
    const initial = tf.tensor(init, shape, 'float32');
    // tfjs variable names are global per engine: the tensor's engine-unique id lets several models coexist
    const variable = tf.variable(initial, true, `${name}_${initial.id}`);
    this.variables.set(name, variable);
    return variable;
  }

  /** The variable named `name` (throws when unknown). */
  get(name: string): tf.Variable {
    const variable = this.variables.get(name);
    if (!variable) throw new S2SError('E_PARAM_UNKNOWN', `no parameter named '${name}'`);
    return variable;
  }

  /** Total number of scalar parameters. */
  count(): number {
    let n = 0;
    for (const v of this.variables.values()) n += v.size;
    return n;
  }

  /** Disposes every variable. */
  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    this.variables.clear();
  }
}
