/**
 * The trainer's position in the data: which batches an epoch trains on (drawn once per epoch from the run's Rng, or
 * replayed from the saved draw state after a resume mid-epoch) and whether a limit (epochs, steps, time) ends the run.
 * Split from trainer.ts, which owns the loop.
 *
 * @example
 * const batches = drawEpochPlan(task, state, rng); // sets state.epochRng on the first draw of an epoch
 */
import { Rng } from '../util/random.js';
import type { StopReason } from './observer.js';
import type { TrainerOptions } from './trainer-options.js';
import type { TrainerState } from './trainer-state.js';
import type { TrainingTask } from './training-task.js';
import { TrainingError } from './training-error.js';

/**
 * The batches of epoch `state.epoch`, then `task.startEpoch`. A first draw records the Rng state before it in
 * `state.epochRng` and advances `rng`; a resumed epoch (`epochRng` set) replays the draw from that state and leaves
 * `rng` (already past the draw) alone.
 * @throws TrainingError E_TRAIN_EMPTY_EPOCH (no batches), E_RESUME_MISMATCH (the saved position is past the epoch's end)
 */
export function drawEpochPlan<Batch>(task: TrainingTask<Batch>, state: TrainerState, rng: Rng): Batch[] {
  const { epoch } = state;
  let batches: Batch[];
  if (state.epochRng === null) {
    state.epochRng = rng.state();
    batches = task.epochBatches(epoch, rng);
  } else {
    batches = task.epochBatches(epoch, new Rng(state.epochRng));
  }
  if (batches.length === 0)
    throw new TrainingError(
      'E_TRAIN_EMPTY_EPOCH',
      `epoch ${epoch}: the task produced no batches; check the training data and the batching options`,
      { epoch },
    );
  if (state.batchIndex > batches.length) {
    throw new TrainingError(
      'E_RESUME_MISMATCH',
      `epoch ${epoch} has ${batches.length} batches but the checkpoint is at batch ${state.batchIndex}: resume with the same data and batching options`,
      { epoch },
    );
  }
  task.startEpoch?.(epoch);
  return batches;
}

/** The limit that ends the run now, if any (epochs, then steps, then time). */
export function limitReached(
  state: Readonly<TrainerState>,
  options: Pick<TrainerOptions, 'maxEpochs' | 'maxSteps' | 'maxTime'>,
  elapsedSeconds: number,
): StopReason | null {
  if (state.epoch > options.maxEpochs) return 'maxEpochs';
  if (state.step >= options.maxSteps) return 'maxSteps';
  if (elapsedSeconds >= options.maxTime) return 'maxTime';
  return null;
}
