/**
 * What the trainer needs from a model + data pairing. The seq2seq and language-model tasks implement it; the trainer
 * (optimizer, clipping, schedules, early stopping, checkpoints, progress) is written once against it.
 */
import type { ParamStore } from '../nn/params.js';
import type { Rng } from '../util/random.js';
import type { BatchLoss } from '../models/loss.js';

export type { BatchLoss };

export interface DevResult {
  /** Mean cross-entropy per target token (nats). */
  loss: number;
  tokens: number;
  /** Extra figures (e.g. BLEU, chrF) to log and keep in checkpoints. */
  metrics?: Record<string, number>;
}

export interface TrainingTask<Batch> {
  /** The parameters the optimizer updates. */
  readonly params: ParamStore;
  /** The batches of one epoch, in training order; shuffling draws from `rng` so a seed fixes the order. */
  epochBatches(epoch: number, rng: Rng): Batch[];
  /**
   * Loss of one batch, built inside the optimizer's gradient tape. Dropout masks draw from `rng`. A stateful task
   * (truncated BPTT) may carry state from the previous batch of the epoch; `startEpoch` resets it.
   */
  batchLoss(batch: Batch, rng: Rng): BatchLoss;
  /** Called at the start of every epoch (and on resume) before the first `batchLoss`. */
  startEpoch?(epoch: number): void;
  /** Called after each optimizer step (e.g. to detach carried state). */
  afterStep?(): void;
  /** Dev-set evaluation (no dropout). */
  evaluate(): Promise<DevResult>;
  /** Target tokens in a batch (for tokens/s). */
  batchTokens(batch: Batch): number;
}
