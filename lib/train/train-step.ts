/**
 * One optimizer step, the unit the training loop (trainer.ts) repeats:
 *   (L, ∂L/∂θ) = tf.variableGrads(() => task.batchLoss(batch, rng).loss)
 *   g ← g · min(1, c/‖g‖₂)            (clipByGlobalNorm)
 *   optimizer.applyGradients(g)
 * Every tensor of the step is disposed: `tf.memory().numTensors` is the same after every step. A step that outgrows
 * the backend's memory is a TrainingError E_TRAIN_MEMORY naming the batch size; a non-finite loss is
 * E_TRAIN_NONFINITE (the weights are then left unchanged).
 *
 * Memory: the step's peak is about weights + optimizer slots (2× weights for Adam/RMSprop) + the activations the tape
 * keeps for the backward pass + one set of gradients. `StepEvent.peakBytes` measures `tf.memory().numBytes` at the end
 * of the forward pass and the log lines print it, so the batch size that fits a backend can be read off a short run.
 * On wasm all tensors live in one WebAssembly heap of about 2 GiB; a step that outgrows it fails with "memory access
 * out of bounds", reported here as TrainingError E_TRAIN_MEMORY. Measured with the spec toy task (embedding +
 * softmax output, V = 8000, E = 256, 4.1 M parameters, Adam; the output layer dominates as in the real models): after
 * a step 66–82 MB (weights + slots), forward peak 190 MB at 510 target tokens, 559 MB at 1 779 tokens, i.e.
 * ≈ 0.27 MB per target token ≈ 8 float copies of the [N, V] logits (the backward pass needs about as much again);
 * a 4 208-token batch overflowed the heap. Rule of thumb for wasm: target tokens per batch × V ≤ ~2.4e7
 * (≈ 3 000 tokens at V = 8 000, 750 at V = 32 000);
 * recurrent activations add [B, T, H]-sized tensors per layer and step. Measure a real config with a short run: the
 * log lines print `mem` = the peak forward-pass bytes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/random.js';
import { clipByGlobalNorm } from './clip.js';
import type { TrainingTask } from './training-task.js';
import { TrainingError } from './training-error.js';

export interface StepFigures {
  /** The batch's mean loss per target token (nats). */
  loss: number;
  /** ‖g‖₂ before clipping. */
  gradNorm: number;
  /** Target tokens the loss averaged over. */
  tokens: number;
  /** tf.memory().numBytes at the end of the forward pass (all activations alive). */
  peakBytes: number;
}

/**
 * @param stepNumber the step being taken (from 1), for error messages
 * @param clipNorm c, the global-norm limit (see clip.ts)
 */
export function trainStep<Batch>(
  task: TrainingTask<Batch>,
  batch: Batch,
  rng: Rng,
  optimizer: tf.Optimizer,
  clipNorm: number,
  stepNumber: number,
): StepFigures {
  const variables = [...task.params.variables.values()];
  let tokens = 0;
  let peakBytes = 0;
  let result: { value: tf.Scalar; grads: tf.NamedTensorMap };
  try {
    result = tf.variableGrads(() => {
      const out = task.batchLoss(batch, rng);
      tokens = out.tokens;
      peakBytes = tf.memory().numBytes;
      return out.loss;
    }, variables);
  } catch (err) {
    if (!isOutOfMemory(err)) throw err;
    const batchTokens = task.batchTokens(batch);
    throw new TrainingError(
      'E_TRAIN_MEMORY',
      `step ${stepNumber}: a batch of ${batchTokens} target tokens does not fit the ${tf.getBackend()} backend's memory (${String((err as Error).message)}); lower the batch token budget (maxTokens)`,
      { step: stepNumber, tokens: batchTokens, backend: tf.getBackend() },
    );
  }
  const { value, grads } = result;
  // Every parameter, in ParamStore order: tfjs matches optimizer slots by position (see optimizers.ts).
  const complete: tf.NamedTensorMap = {};
  for (const v of variables) complete[v.name] = grads[v.name] ?? tf.zerosLike(v);
  try {
    const loss = value.dataSync()[0]!;
    if (!Number.isFinite(loss))
      throw new TrainingError(
        'E_TRAIN_NONFINITE',
        `step ${stepNumber}: training loss is ${loss}; lower the learning rate or set clipNorm`,
        { step: stepNumber, loss },
      );
    const clipped = clipByGlobalNorm(complete, clipNorm);
    try {
      optimizer.applyGradients(clipped.grads);
      return {
        loss,
        gradNorm: clipped.globalNorm.dataSync()[0]!,
        tokens: tokens || task.batchTokens(batch),
        peakBytes,
      };
    } finally {
      tf.dispose([clipped.globalNorm, clipped.grads]);
    }
  } finally {
    tf.dispose([value, complete]);
  }
}

/**
 * The wasm heap's overflow ("memory access out of bounds") or an allocator's out-of-memory error. tfjs backends
 * report these only as message text, so the text is matched.
 */
export function isOutOfMemory(err: unknown): boolean {
  return (
    err instanceof Error &&
    /memory access out of bounds|out of memory|Cannot enlarge memory|failed to allocate/i.test(err.message)
  );
}
