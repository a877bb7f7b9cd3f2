/**
 * A `StepModel` that lets the event loop run during a batch. The tfjs engine decodes a whole batch without leaving
 * the microtask queue (its steps return at once, its reads resolve at once), so timers, I/O and signal handlers —
 * Ctrl-C in `s2s translate` — would wait until the batch ends, seconds or minutes later. This wrapper gives the event
 * loop one turn (`setImmediate`; `setTimeout(0)` where there is none, as in browsers) before a step once
 * `intervalMs` have passed since the last turn, and fails the step with `ClosedError` once `closed()` says the
 * translator was closed meanwhile, so a batch cut short by `close()` stops there instead of reading freed weights.
 * Cost: one event-loop turn (microseconds) per `intervalMs` of decoding.
 *
 * @example
 * const stepModel = interruptibleStepModel(model.stepModel(), () => this.#closed);
 * return decode(stepModel, state, sources.length, options);
 */
import type { HostStepOutput, StepModel, StepOutput } from '../decode/step-model.js';
import type * as tf from '@tensorflow/tfjs-core';
import { ClosedError } from '../errors.js';

/** Ms of decoding between two event-loop turns: a signal is handled within about this long (plus one step). */
export const YIELD_INTERVAL_MS = 50;

/** Resolves after one event-loop turn (a macrotask: pending timers, I/O and signal handlers run first). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : void setTimeout(resolve, 0),
  );
}

export function interruptibleStepModel<S>(
  model: StepModel<S>,
  closed: () => boolean,
  intervalMs = YIELD_INTERVAL_MS,
): StepModel<S> {
  /** When the event loop last had a turn. */
  let lastTurn = performance.now();
  const beforeStep = async (): Promise<void> => {
    if (performance.now() - lastTurn >= intervalMs) {
      await nextTurn();
      lastTurn = performance.now();
    }
    if (closed())
      throw new ClosedError('the translator was closed during this batch: decoding stopped', { method: 'step' });
  };
  const stepHost = model.stepHost?.bind(model);
  return {
    vocabSize: model.vocabSize,
    step: async (state: S, tokens: tf.Tensor1D): Promise<StepOutput<S>> => {
      await beforeStep();
      return model.step(state, tokens);
    },
    ...(stepHost === undefined
      ? {}
      : {
          stepHost: async (state: S, tokens: tf.Tensor1D): Promise<HostStepOutput<S>> => {
            await beforeStep();
            return stepHost(state, tokens);
          },
        }),
    select: (state, rows) => model.select(state, rows),
    disposeState: (state) => model.disposeState(state),
  };
}
