/**
 * Whether tfjs is recording a gradient tape right now: inside `tf.grads` / `tf.variableGrads`, and not inside a
 * custom op's forward function (whose inner ops are not taped). Paths that only matter for autodiff — custom
 * gradients, the fused recurrence, `unstack` instead of `gather` — switch on this (tfjs's own `isTapeOn`).
 */
import * as tf from '@tensorflow/tfjs-core';

export function tapeIsRecording(): boolean {
  const { gradientDepth, kernelDepth } = tf.engine().state;
  return gradientDepth > 0 && kernelDepth === 0;
}
