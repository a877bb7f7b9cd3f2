/** Model-agnostic training machinery: the trainer, checkpoints of training runs, batching, progress. */
export type { TrainingTask, BatchLoss, DevResult } from './training-task.js';
export { Trainer, BEST_CHECKPOINT_FILE, LAST_CHECKPOINT_FILE } from './trainer.js';
export type { TrainerHooks, CheckpointContent } from './trainer.js';
export { TRAINER_DEFAULTS, resolveTrainerOptions } from './trainer-options.js';
export type { TrainerOptions } from './trainer-options.js';
export type { TrainerState } from './trainer-state.js';
export { trainerStateToMeta, trainerStateFromCheckpoint } from './trainer-state.js';
export { clipByGlobalNorm } from './clip.js';
export type { ClippedGradients } from './clip.js';
export {
  OPTIMIZER_NAMES,
  createOptimizer,
  withLearningRate,
  optimizerState,
  restoreOptimizerState,
} from './optimizers.js';
export type { OptimizerName, OptimizerConfig } from './optimizers.js';
export { updateDevSchedule, INITIAL_DEV_STATE } from './dev-schedule.js';
export type { DevScheduleOptions, DevScheduleState, DevScheduleDecision } from './dev-schedule.js';
export { makeBatches, shuffleBatches, curriculumOrder, epochBatchOrder, BATCHING_DEFAULTS } from './batching.js';
export type { BatchingOptions, EpochBatchingOptions } from './batching.js';
export { TrainingProgress, PROGRESS_DEFAULTS } from './progress.js';
export type { ProgressOptions } from './progress.js';
export {
  formatLogLine,
  formatBar,
  formatDuration,
  formatBytes,
  formatRate,
  formatLoss,
  formatPerplexity,
} from './progress-format.js';
export type { LogFields, BarFields } from './progress-format.js';
export type { TrainingObserver, StepEvent, EvaluationEvent, StopReason, TrainingResult } from './observer.js';
export { TrainingError } from './training-error.js';
export type { TrainingErrorCode } from './training-error.js';
