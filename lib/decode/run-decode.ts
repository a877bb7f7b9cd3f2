/**
 * The decoding driver: one loop for every strategy (after OpenNMT-py's `translator._translate_batch`). Each step it
 * feeds the strategy's tokens to the model, passes the log-probabilities through the step processors, lets the
 * strategy choose, then keeps only the rows the strategy selects — in the model state and in every processor's state.
 * When the model offers host outputs (`stepHost`), the strategy can choose on the host and every processor can ban
 * on the host, the step skips tfjs (host-scores.ts); the choices are the same.
 *
 * Ownership: the caller keeps `initialState` (this function never disposes it); every state the model returns from
 * `step` or `select` is disposed here once replaced, so a model must not return tensors of its input state inside a
 * new state (it returns `tf.clone`s of what it carries over unchanged — clones share memory).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Hypothesis } from './hypothesis.js';
import { forceEosAtMaxLength } from './processors/force-eos.js';
import type { StepModel } from './step-model.js';
import type { DecodeStrategy, StepContext, StepProcessor } from './strategy.js';

export async function runDecode<S>(
  model: StepModel<S>,
  initialState: S,
  strategy: DecodeStrategy,
  processors: readonly StepProcessor[] = [],
): Promise<Hypothesis[][]> {
  const all = [...processors, forceEosAtMaxLength()];
  let state = initialState;
  const replace = (next: S): void => {
    if (state !== initialState) model.disposeState(state);
    state = next;
  };
  // the host path (host-scores.ts) when the model, the strategy and every processor offer it: the same choices
  const host =
    model.stepHost && strategy.advanceHost && all.every((p) => p.banHost) ? model.stepHost.bind(model) : undefined;
  try {
    while (!strategy.isDone) {
      const context = strategy.context();
      if (host) {
        try {
          const out = await host(state, context.inputTokens);
          replace(out.state);
          for (const p of all) p.banHost!(context, out.logProbs, model.vocabSize);
          strategy.advanceHost!({ scores: out.logProbs, vocab: model.vocabSize, attention: out.attention });
        } finally {
          context.inputTokens.dispose();
        }
      } else {
        const out = await model.step(state, context.inputTokens);
        replace(out.state);
        const scores = await applyProcessors(all, context, out.logProbs);
        try {
          await strategy.advance({ scores, logProbs: out.logProbs, attention: out.attention });
        } finally {
          tf.dispose([context.inputTokens, out.logProbs, scores, ...(out.attention ? [out.attention] : [])]);
        }
      }
      const rows = strategy.isDone ? null : strategy.selectedRows();
      if (rows) {
        replace(model.select(state, rows));
        for (const p of all) p.select?.(rows);
        rows.dispose();
      }
    }
    return strategy.finalize();
  } finally {
    replace(initialState);
  }
}

/** Runs the processors in order; intermediate results are disposed, `logProbs` is left to the caller. [N, V] → [N, V] */
export async function applyProcessors(
  processors: readonly StepProcessor[],
  context: StepContext,
  logProbs: tf.Tensor2D,
): Promise<tf.Tensor2D> {
  let scores = logProbs;
  for (const processor of processors) {
    const next = await processor.apply(context, scores);
    if (next !== scores && scores !== logProbs) scores.dispose();
    scores = next;
  }
  return scores;
}
