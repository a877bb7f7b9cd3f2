/** What the trainer reports while it runs; progress bars, log lines and tests subscribe through `TrainingObserver`. */
import type { DevResult } from './training-task.js';

export interface StepEvent {
  /** Steps taken so far, this one included. */
  step: number;
  /** Epoch in progress (from 1). */
  epoch: number;
  /** Batches of this epoch done, this one included. */
  batchIndex: number;
  batchesInEpoch: number;
  /** This batch's mean loss per target token (nats). */
  loss: number;
  /** Target tokens in this batch. */
  tokens: number;
  /** ‖g‖₂ before clipping. */
  gradNorm: number;
  /** Learning rate used for this step. */
  learningRate: number;
  /** tf.memory().numBytes after the step. */
  numBytes: number;
  /** tf.memory().numBytes at the end of the forward pass (all activations alive): ≈ the step's peak before gradients. */
  peakBytes: number;
  /** tf.memory().numTensors after the step. */
  numTensors: number;
  /** Steps the run is expected to take in total, when a limit says (maxSteps, or maxEpochs × this epoch's batches). */
  plannedSteps: number | null;
}

export interface EvaluationEvent {
  step: number;
  epoch: number;
  dev: DevResult;
  /** Best dev loss so far, this evaluation included. */
  bestDevLoss: number | null;
  /** This evaluation set a new best (and `model.s2s` was written when there is an output directory). */
  improved: boolean;
  /** Learning rate after this evaluation. */
  learningRate: number;
  /** The learning rate was just decayed. */
  decayed: boolean;
  /** Consecutive evaluations without a new best. */
  badEvaluations: number;
}

export type StopReason = 'maxEpochs' | 'maxSteps' | 'maxTime' | 'earlyStop';

export interface TrainingResult {
  stopReason: StopReason;
  steps: number;
  /** Epoch in progress when training stopped (the last completed one + 1 when stopped at an epoch end). */
  epoch: number;
  bestDevLoss: number | null;
  bestStep: number | null;
  learningRate: number;
  elapsedSeconds: number;
}

export interface TrainingObserver {
  onStep?(event: StepEvent): void;
  onEvaluation?(event: EvaluationEvent): void;
  /** One-line notices: checkpoint written, learning rate decayed, early stop, resumed. */
  onNotice?(message: string): void;
  onEnd?(result: TrainingResult): void;
}
