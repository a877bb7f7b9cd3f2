/**
 * A parameter store ↔ stored weights (by `ParamStore` name), the one place that copies weights in and out of the
 * variables. Loading a model file and resuming training both assign through `assignWeights`; only the wording of
 * their errors differs (a corrupt file vs a checkpoint of another model), so the caller makes the error.
 */
import * as tf from '@tensorflow/tfjs-core';
import { tensorsToStored } from '../io/tensor-weights.js';
import type { StoredTensor } from '../io/checkpoint-types.js';
import type { ParamStore } from './params.js';

/** The weights of a parameter store, in creation order, under their names. */
export function storeToWeights(params: ParamStore): StoredTensor[] {
  return tensorsToStored(Object.fromEntries(params.variables));
}

/** Why stored weights do not fit a store: a parameter without weights, a shape that differs, or weights of no parameter. */
export interface WeightMismatch {
  message: string;
  details: { name?: string; extra?: string[] };
}

/**
 * Assigns stored weights to every parameter of `params`; nothing is assigned unless every parameter is present with
 * its exact shape and no weight is left over.
 * @param source the file name, for messages
 * @param fail turns a mismatch into the caller's error (thrown)
 */
export function assignWeights(
  params: ParamStore,
  weights: readonly StoredTensor[],
  source: string,
  fail: (mismatch: WeightMismatch) => Error,
): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  for (const [name, variable] of params.variables) {
    const stored = byName.get(name);
    if (!stored) throw fail({ message: `${source}: weight '${name}' is missing`, details: { name } });
    if (stored.shape.join() !== variable.shape.join())
      throw fail({
        message: `${source}: weight '${name}' has shape [${stored.shape.join(', ')}], the model needs [${variable.shape.join(', ')}]`,
        details: { name },
      });
  }
  const extra = weights.filter((w) => !params.variables.has(w.name)).map((w) => w.name);
  if (extra.length > 0)
    throw fail({
      message: `${source}: unexpected weights ${extra.slice(0, 3).join(', ')}${extra.length > 3 ? '…' : ''} belong to no parameter of the model`,
      details: { extra },
    });
  for (const w of weights) tf.tidy(() => params.get(w.name).assign(tf.tensor(w.data, w.shape, w.dtype)));
}
