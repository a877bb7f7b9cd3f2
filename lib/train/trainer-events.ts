/**
 * What the training loop tells its observers (observer.ts): the `StepEvent` after each optimizer step, the
 * `EvaluationEvent` after each dev evaluation, and the notices (learning-rate decay, early stop) in words. Split from
 * trainer.ts, which decides when they happen.
 *
 * @example
 * for (const ob of observers) ob.onStep?.(stepEvent(state, figures, options, batches.length));
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DevScheduleDecision, DevScheduleState } from './dev-schedule.js';
import type { EvaluationEvent, StepEvent } from './observer.js';
import type { StepFigures } from './train-step.js';
import type { TrainerOptions } from './trainer-options.js';
import type { TrainerState } from './trainer-state.js';
import type { DevResult } from './training-task.js';

/** The event for the step just taken (`state` already counts it), with the memory figures of now. */
export function stepEvent(
  state: Readonly<TrainerState>,
  figures: StepFigures,
  options: Pick<TrainerOptions, 'maxSteps' | 'maxEpochs'>,
  batchesInEpoch: number,
): StepEvent {
  const memory = tf.memory();
  const planned = Math.min(options.maxSteps, options.maxEpochs * batchesInEpoch);
  return {
    step: state.step,
    epoch: state.epoch,
    batchIndex: state.batchIndex,
    batchesInEpoch,
    loss: figures.loss,
    tokens: figures.tokens,
    gradNorm: figures.gradNorm,
    learningRate: state.dev.learningRate,
    numBytes: memory.numBytes,
    peakBytes: figures.peakBytes,
    numTensors: memory.numTensors,
    plannedSteps: Number.isFinite(planned) ? planned : null,
  };
}

/** The event for the evaluation just made and the schedule's decision on it. */
export function evaluationEvent(
  state: Readonly<TrainerState>,
  dev: DevResult,
  decision: DevScheduleDecision,
): EvaluationEvent {
  return {
    step: state.step,
    epoch: state.epoch,
    dev,
    bestDevLoss: decision.state.bestDevLoss,
    improved: decision.improved,
    learningRate: decision.state.learningRate,
    decayed: decision.decayed,
    badEvaluations: decision.state.badEvaluations,
  };
}

/** The notice of a learning-rate decay. */
export function decayNotice(previousRate: number, rate: number, devLoss: number): string {
  return `lr ${formatRate(previousRate)} → ${formatRate(rate)} (dev loss ${devLoss.toFixed(4)} did not improve on the previous evaluation)`;
}

/** The notice of an early stop. */
export function earlyStopNotice(dev: DevScheduleState, bestStep: number | null): string {
  return `early stop: no dev improvement in ${dev.badEvaluations} evaluations (best ${dev.bestDevLoss?.toFixed(4) ?? 'none'} at step ${bestStep ?? '-'})`;
}

function formatRate(lr: number): string {
  return String(Number(lr.toPrecision(3)));
}
