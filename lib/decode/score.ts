/**
 * Forced decoding: the model's log-probability of given target sequences,
 * `log p(y | x) = Σ_{i=1}^{T+1} log p(y_i | y_<i, x)` with `y_{T+1} = eos` — the quantity `Hypothesis.logProb`
 * reports, and what `s2s score` prints. All sequences advance together; after its eos a row is fed pad and masked.
 * A model with host outputs (`stepHost`) is scored on the host, with the same float32 sums.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '../errors.js';
import { BOS_ID, EOS_ID, PAD_ID } from '../text/special-ids.js';
import type { StepModel } from './step-model.js';

/**
 * @param state N rows (left to the caller to dispose)
 * @param targets N sequences of token ids, without bos and eos
 * @returns log p of each sequence with its final eos, [N]
 */
export async function scoreSequences<S>(
  model: StepModel<S>,
  state: S,
  targets: readonly (readonly number[])[],
): Promise<number[]> {
  const n = targets.length;
  const vocab = model.vocabSize;
  const steps = Math.max(0, ...targets.map((t) => t.length)) + 1;
  for (const [row, target] of targets.entries()) {
    const bad = target.find((id) => !Number.isInteger(id) || id < 0 || id >= vocab);
    if (bad !== undefined)
      throw new ShapeError(`scoreSequences: targets[${row}] must hold ids in [0, ${vocab}), got ${bad}`, {
        row,
        id: bad,
      });
  }
  if (model.stepHost) return scoreOnHost(model, model.stepHost.bind(model), state, targets, steps);
  let current = state;
  let total = tf.zeros([n]); // [N]
  try {
    for (let i = 0; i < steps; i++) {
      const input = previousTokens(targets, i); // [N]
      const out = await model.step(current, input);
      if (current !== state) model.disposeState(current);
      current = out.state;
      const next = tf.tidy(() => {
        const wanted = targets.map((t, r) => r * vocab + (i < t.length ? t[i]! : EOS_ID)); // y_i, or eos after the last token
        const mask = tf.tensor1d(targets.map((t) => (i <= t.length ? 1 : 0))); // [N]: 1 while the row has a target
        const picked = tf.gather(out.logProbs.reshape([-1]), tf.tensor1d(wanted, 'int32')); // [N·V] → [N]
        return total.add(tf.where(mask.greater(0), picked, tf.zerosLike(picked)));
      });
      tf.dispose([input, out.logProbs, total, ...(out.attention ? [out.attention] : [])]);
      total = next;
    }
    return Array.from(await total.data());
  } finally {
    total.dispose();
    if (current !== state) model.disposeState(current);
  }
}

/**
 * `scoreSequences` on a model with host outputs: the same float32 sums (`Math.fround` of each addition, as the
 * device adds), without tfjs.
 */
async function scoreOnHost<S>(
  model: StepModel<S>,
  stepHost: NonNullable<StepModel<S>['stepHost']>,
  state: S,
  targets: readonly (readonly number[])[],
  steps: number,
): Promise<number[]> {
  const vocab = model.vocabSize;
  const total = new Float32Array(targets.length); // [N]
  let current = state;
  try {
    for (let i = 0; i < steps; i++) {
      const input = previousTokens(targets, i); // [N]
      try {
        const out = await stepHost(current, input);
        if (current !== state) model.disposeState(current);
        current = out.state;
        targets.forEach((t, r) => {
          if (i <= t.length)
            total[r] = Math.fround(total[r]! + out.logProbs[r * vocab + (i < t.length ? t[i]! : EOS_ID)]!); // y_i, or eos after the last token
        });
      } finally {
        input.dispose();
      }
    }
    return Array.from(total);
  } finally {
    if (current !== state) model.disposeState(current);
  }
}

/** The token fed at step `i` of forced decoding: BOS first, then each target's previous token (PAD past its end). */
function previousTokens(targets: readonly (readonly number[])[], i: number): tf.Tensor1D {
  return tf.tensor1d(
    targets.map((t) => (i === 0 ? BOS_ID : (t[i - 1] ?? PAD_ID))),
    'int32',
  ); // [N]
}
