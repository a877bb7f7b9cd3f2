/**
 * Errors raised by the training machinery (the trainer, resuming, batching). Codes:
 * - `E_TRAIN_OPTION`: a trainer or batching option is out of range.
 * - `E_TRAIN_EMPTY_EPOCH`: the task produced no batches for an epoch.
 * - `E_TRAIN_NONFINITE`: a training loss came out NaN or ±Infinity (lower the learning rate or clip gradients).
 * - `E_TRAIN_MEMORY`: a step ran out of backend memory (wasm heap); lower the batch token budget.
 * - `E_RESUME_MISMATCH`: a checkpoint does not fit the model being resumed (names, shapes, optimizer slots).
 * - `E_RESUME_NO_STATE`: a checkpoint lacks the trainer state needed to resume a run.
 */
import { S2SError } from '../errors.js';

export type TrainingErrorCode =
  | 'E_TRAIN_OPTION'
  | 'E_TRAIN_EMPTY_EPOCH'
  | 'E_TRAIN_NONFINITE'
  | 'E_TRAIN_MEMORY'
  | 'E_RESUME_MISMATCH'
  | 'E_RESUME_NO_STATE';

export class TrainingError extends S2SError {
  constructor(code: TrainingErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
  }
}
