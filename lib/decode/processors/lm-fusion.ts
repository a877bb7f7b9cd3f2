/**
 * Shallow fusion with a language model (Gulcehre et al., 2015, "On Using Monolingual Corpora in Neural Machine
 * Translation"): `score(y_i) += λ · log p_LM(y_i | y_<i)`. The LM is itself a `StepModel`; its state has one row per
 * hypothesis, is fed the same tokens as the translation model, and is reordered with the same rows as the beam.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '../../errors.js';
import type { StepModel } from '../step-model.js';
import type { StepProcessor } from '../strategy.js';

/** A language model as decoding sees it (for shallow fusion and rescoring): its step model and start state (bos not yet consumed). */
export interface FusionLm<L> {
  model: StepModel<L>;
  /** A fresh state of `rows` rows; the caller disposes it with `model.disposeState`. */
  initialState(rows: number): L;
}

/** @param rows rows of the decoder's initial state (B). */
export function lmFusion<L>(lm: FusionLm<L>, weight: number, rows: number, vocabSize: number): StepProcessor {
  if (lm.model.vocabSize !== vocabSize) {
    throw new ShapeError(
      `lmFusion: the language model's vocabulary must match the translation model's (${vocabSize}), got ${lm.model.vocabSize}`,
      { expected: vocabSize, actual: lm.model.vocabSize },
    );
  }
  let state = lm.initialState(rows);
  return {
    name: 'lm-fusion',
    async apply(context, logProbs) {
      const out = await lm.model.step(state, context.inputTokens);
      lm.model.disposeState(state);
      state = out.state;
      out.attention?.dispose();
      const fused = tf.tidy(() => logProbs.add<tf.Tensor2D>(out.logProbs.mul(weight))); // [N, V] + λ·[N, V]
      out.logProbs.dispose();
      return fused;
    },
    select(rowsToKeep) {
      const next = lm.model.select(state, rowsToKeep);
      lm.model.disposeState(state);
      state = next;
    },
    dispose() {
      lm.model.disposeState(state);
    },
  };
}
