/**
 * Ensemble decoding: K models over the same target vocabulary decode as one `StepModel`. Every step feeds the same
 * tokens to each member and combines their log-probabilities by a weighted average, as Marian and OpenNMT do:
 *
 *   score(y | y_<i, x) = Σ_k w_k · log p_k(y | y_<i, x),   w_k > 0, Σ_k w_k = 1          K × [N, V] → [N, V]
 *
 * (a weighted geometric mean of the members' distributions, not renormalised). Greedy, sampling, beam search, n-best
 * and LM fusion see it like every other step model. Attention, when every member has it, is averaged with the same
 * weights, K × [N, S] → [N, S] (the members read the same source tokens). The state is one state per member;
 * `select` reorders each member's rows alike. The members may be of either engine: the step is synchronous when every
 * member's is (tfjs) and returns a promise when any member's does (ONNX Runtime). An ensemble of one member with
 * weight 1 reproduces that member exactly, and so does an ensemble of a model with itself at weights ½, ½ (halving
 * and doubling are exact in floating point).
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidField, ModelMismatchError } from '../errors.js';
import type { StepModel, StepOutput } from './step-model.js';

export interface EnsembleMember<S = unknown> {
  model: StepModel<S>;
  /** Relative weight (> 0); the ensemble normalises the weights to sum to 1. */
  weight: number;
}

/** One state per member, in member order. */
export type EnsembleState = readonly unknown[];

/**
 * Weights w_k / Σ w; one weight per member, each finite and > 0; no weights = equal weights.
 * @throws OptionError E_OPTION_INVALID with `details.field` = `weights` for no member, a wrong count or a weight ≤ 0
 */
export function normalizeEnsembleWeights(count: number, weights?: readonly number[]): number[] {
  if (count < 1)
    throw invalidField('ensemble option', 'weights', 'one weight per model, and at least one model', weights ?? []);
  const given = weights ?? Array.from({ length: count }, () => 1);
  if (given.length !== count)
    throw invalidField('ensemble option', 'weights', `one weight per model (${count} numbers)`, given);
  if (given.some((w) => !(Number.isFinite(w) && w > 0)))
    throw invalidField('ensemble option', 'weights', 'numbers > 0', given);
  const total = given.reduce((a, b) => a + b, 0);
  return given.map((w) => w / total);
}

/**
 * The members as one step model.
 * @throws ModelMismatchError E_MISMATCH_VOCAB when the members' output vocabularies differ; OptionError for weights
 */
export function ensembleStepModel(members: readonly EnsembleMember[]): StepModel<EnsembleState> {
  const weights = normalizeEnsembleWeights(
    members.length,
    members.map((m) => m.weight),
  );
  const vocabSize = members[0]!.model.vocabSize;
  const other = members.findIndex((m) => m.model.vocabSize !== vocabSize);
  if (other >= 0) {
    throw new ModelMismatchError(
      'E_MISMATCH_VOCAB',
      `ensemble: member ${other + 1} has a target vocabulary of ${members[other]!.model.vocabSize}, member 1 of ${vocabSize}; ensemble members must share the target vocabulary (train them with the same tokenizer)`,
      { member: other + 1, vocabSize: members[other]!.model.vocabSize, expected: vocabSize },
    );
  }
  const release = (outs: ReadonlyArray<StepOutput<unknown> | undefined>): void =>
    outs.forEach((o, k) => {
      if (!o) return;
      tf.dispose([o.logProbs, ...(o.attention ? [o.attention] : [])]);
      members[k]!.model.disposeState(o.state);
    });
  const combine = (outs: readonly StepOutput<unknown>[]): StepOutput<EnsembleState> => {
    try {
      const logProbs = tf.tidy(() =>
        weightedSum(
          outs.map((o) => o.logProbs),
          weights,
        ),
      ); // K × [N, V] → [N, V]
      const attentions = outs.map((o) => o.attention);
      const attention = attentions.every((a): a is tf.Tensor2D => a !== undefined)
        ? tf.tidy(() => weightedSum(attentions, weights))
        : undefined; // K × [N, S] → [N, S]
      tf.dispose(outs.flatMap((o) => [o.logProbs, ...(o.attention ? [o.attention] : [])]));
      const next = outs.map((o) => o.state);
      return attention ? { logProbs, state: next, attention } : { logProbs, state: next };
    } catch (err) {
      release(outs);
      throw err;
    }
  };
  return {
    vocabSize,
    step(state, tokens): StepOutput<EnsembleState> | Promise<StepOutput<EnsembleState>> {
      const outs: Array<StepOutput<unknown> | Promise<StepOutput<unknown>>> = [];
      try {
        members.forEach((m, k) => outs.push(m.model.step(state[k], tokens)));
      } catch (err) {
        void settleAndRelease(outs, release);
        throw err;
      }
      if (!outs.some((o) => o instanceof Promise)) return combine(outs as StepOutput<unknown>[]);
      return Promise.allSettled(outs).then((settled) => {
        const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
        if (failed) {
          release(settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined)));
          throw failed.reason;
        }
        return combine(settled.map((s) => (s as PromiseFulfilledResult<StepOutput<unknown>>).value));
      });
    },
    select: (state, rows) => members.map((m, k) => m.model.select(state[k], rows)),
    disposeState: (state) => members.forEach((m, k) => state[k] !== undefined && m.model.disposeState(state[k])), // a partial state (a failed encode) too
  };
}

/** Frees the outputs of the members that did step when a later member's step threw. */
async function settleAndRelease(
  outs: ReadonlyArray<StepOutput<unknown> | Promise<StepOutput<unknown>>>,
  release: (outs: ReadonlyArray<StepOutput<unknown> | undefined>) => void,
): Promise<void> {
  const settled = await Promise.allSettled(outs);
  release(settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined)));
}

/** Σ_k w_k · x_k over same-shaped tensors. */
function weightedSum(xs: readonly tf.Tensor2D[], weights: readonly number[]): tf.Tensor2D {
  return xs
    .map((x, k) => (weights[k] === 1 ? x.clone() : x.mul<tf.Tensor2D>(weights[k]!)))
    .reduce((sum, x) => sum.add(x));
}
