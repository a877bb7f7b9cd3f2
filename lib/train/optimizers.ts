/**
 * The three optimizers, built with `tf.train`, and their state as named tensors for checkpoints.
 *
 * - `sgd`:     θ ← θ − lr·g
 * - `rmsprop`: cache ← ρ·cache + (1−ρ)·g²;  θ ← θ − lr·g/√(cache + ε)
 *   `tf.train.rmsprop` (tfjs 4.22, `centered: false`) computes exactly this, with the new cache inside the root and ε
 *   inside the root too. Differences from the textbook form: it always keeps a second slot (`momentum`, all zeros with
 *   momentum 0, since the update is m ← μ·m + lr·g/√(cache+ε); θ ← θ − m), and ε defaults to the backend's
 *   epsilon (1e-7 on cpu/wasm), not 1e-8. Both slots are checkpointed.
 * - `adam`:    m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 *
 * Slot variables are matched to parameters by position in the gradient map (tfjs keeps them in arrays), so the
 * trainer always passes every parameter, in `ParamStore` order. In checkpoints the slots are named
 * `<parameter name>/<slot>` (e.g. `decoder.out.kernel/m`) plus `iter` (int32 step count), independent of tfjs's
 * per-process variable names.
 *
 * Changing the learning rate: only `SGDOptimizer` has a public setter; Adam and RMSprop keep it in a protected field.
 * `withLearningRate` therefore builds a new optimizer with the new rate and hands it the old one's slots through the
 * public `getWeights` / `setWeights` pair (no copies: the new slot variables share the old buffers), which works the
 * same for all three and keeps the step count (Adam's bias corrections are recomputed from it).
 */
import * as tf from '@tensorflow/tfjs-core';
import { storedToTensors, tensorsToStored, type OptimizerState, type StoredTensor } from '../io/index.js';
import type { ParamStore } from '../nn/params.js';
import { TrainingError } from './training-error.js';

import { OPTIMIZER_NAMES, type OptimizerName } from './optimizer-names.js';

export { OPTIMIZER_NAMES, type OptimizerName };

/** Everything that defines an optimizer apart from its slots. */
export interface OptimizerConfig {
  name: OptimizerName;
  /** lr */
  learningRate: number;
  /** RMSprop's ρ. */
  rmspropDecay: number;
  /** Adam's β₁. */
  adamBeta1: number;
  /** Adam's β₂. */
  adamBeta2: number;
  /** ε for RMSprop and Adam; null = the backend's epsilon (1e-7 on cpu/wasm). */
  epsilon: number | null;
}

/** A new optimizer with empty slots (they are created on the first step). */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  const eps = config.epsilon ?? undefined;
  switch (config.name) {
    case 'sgd':
      return tf.train.sgd(config.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(config.learningRate, config.rmspropDecay, 0, eps, false);
    case 'adam':
      return tf.train.adam(config.learningRate, config.adamBeta1, config.adamBeta2, eps);
    default:
      throw new TrainingError(
        'E_TRAIN_OPTION',
        `optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}, got '${String(config.name)}'`,
        { optimizer: config.name },
      );
  }
}

/**
 * A replacement for `optimizer` that uses `learningRate` and keeps every slot and the step count. `optimizer` is
 * disposed; use the returned one from now on.
 */
export async function withLearningRate(
  optimizer: tf.Optimizer,
  config: OptimizerConfig,
  learningRate: number,
): Promise<tf.Optimizer> {
  const next = createOptimizer({ ...config, learningRate });
  const weights = await optimizer.getWeights(); // [iter, ...slots]; iter is a fresh scalar, slots are live variables
  await next.setWeights(weights); // new variables over the same buffers
  tf.dispose(weights[0]?.tensor); // iter
  optimizer.dispose(); // drops the old variables; the buffers live on in `next`
  return next;
}

/** The optimizer's hyperparameters and slots, with slots renamed `<parameter>/<slot>` (see the file comment). */
export async function optimizerState(
  optimizer: tf.Optimizer,
  config: OptimizerConfig,
  params: ParamStore,
): Promise<OptimizerState> {
  const paramByTfName = new Map<string, string>();
  for (const [name, v] of params.variables) paramByTfName.set(v.name, name);
  const weights = await optimizer.getWeights();
  const named: tf.NamedTensorMap = {};
  try {
    for (const [i, w] of weights.entries()) {
      if (i === 0) {
        named['iter'] = w.tensor;
        continue;
      }
      const cut = w.name.lastIndexOf('/');
      const param = paramByTfName.get(w.name.slice(0, cut));
      if (cut < 0 || param === undefined)
        throw new TrainingError(
          'E_RESUME_MISMATCH',
          `optimizer slot '${w.name}' belongs to no parameter of this model`,
          { slot: w.name },
        );
      named[`${param}/${w.name.slice(cut + 1)}`] = w.tensor;
    }
    return { name: config.name, hyperparameters: { ...config }, state: tensorsToStored(named) };
  } finally {
    tf.dispose(weights[0]?.tensor); // only iter is a fresh tensor; the slots are the optimizer's own variables
  }
}

/**
 * Loads stored slots into `optimizer` (a fresh one of the same kind), reordering them to the current `ParamStore`
 * order and renaming them to this process's tfjs variable names.
 * @throws TrainingError E_RESUME_MISMATCH when a parameter lacks a slot or a slot has no parameter.
 */
export async function restoreOptimizerState(
  optimizer: tf.Optimizer,
  stored: readonly StoredTensor[],
  params: ParamStore,
): Promise<void> {
  const iter = stored.find((s) => s.name === 'iter');
  if (!iter)
    throw new TrainingError(
      'E_RESUME_MISMATCH',
      `optimizer state has no 'iter' entry: the checkpoint was not written by the trainer`,
    );
  const byName = new Map(stored.map((s) => [s.name, s] as const));
  const slots: string[] = []; // slot kinds in stored order, e.g. ['m', 'v']
  for (const s of stored) {
    if (s.name === 'iter') continue;
    const cut = s.name.lastIndexOf('/');
    const param = s.name.slice(0, cut);
    if (cut < 0 || !params.variables.has(param))
      throw new TrainingError('E_RESUME_MISMATCH', `optimizer slot '${s.name}' belongs to no parameter of this model`, {
        slot: s.name,
      });
    const slot = s.name.slice(cut + 1);
    if (!slots.includes(slot)) slots.push(slot);
  }
  const ordered: StoredTensor[] = [{ ...iter, name: 'iter' }];
  for (const slot of slots) {
    for (const [name, v] of params.variables) {
      const s = byName.get(`${name}/${slot}`);
      if (!s)
        throw new TrainingError('E_RESUME_MISMATCH', `optimizer state has no slot '${slot}' for parameter '${name}'`, {
          parameter: name,
          slot,
        });
      if (s.shape.join(',') !== v.shape.join(',')) {
        throw new TrainingError(
          'E_RESUME_MISMATCH',
          `optimizer slot '${s.name}' has shape [${s.shape.join(', ')}], parameter has [${v.shape.join(', ')}]`,
          { slot: s.name },
        );
      }
      ordered.push({ ...s, name: `${v.name}/${slot}` });
    }
  }
  const tensors = storedToTensors(ordered);
  try {
    await optimizer.setWeights(ordered.map((s) => ({ name: s.name, tensor: tensors[s.name]! })));
  } finally {
    tf.dispose(Object.values(tensors)); // setWeights made variables that share these buffers
  }
}
