/**
 * Length-bucketed batches under a token budget, as pure functions over example lengths (the caller decides what a
 * length is, e.g. max(source, target) tokens including bos/eos). A batch is a list of example indices.
 *
 * Recipe (one epoch): shuffle the examples (seeded), sort each window of `sortWindow` consecutive examples by
 * length, cut each sorted window greedily into batches whose padded size stays in budget:
 *
 *   count · max_len ≤ maxTokens   and   count ≤ maxSentences
 *
 * then shuffle the batch order (seeded) — or, for a curriculum epoch, order batches shortest-first. A window as large
 * as the corpus (`Infinity`) sorts globally: least padding, least randomness inside batches.
 */
import type { Rng } from '../util/random.js';
import { TrainingError } from './training-error.js';

export interface BatchingOptions {
  /** Padded-token budget per batch: count · max_len ≤ maxTokens. An example longer than the budget gets a batch of its own. */
  maxTokens: number;
  /** At most this many examples per batch. */
  maxSentences: number;
  /** Examples are sorted by length within windows of this many (after shuffling); Infinity = one global sort. */
  sortWindow: number;
}

export const BATCHING_DEFAULTS: BatchingOptions = {
  maxTokens: 4096,
  maxSentences: 128,
  sortWindow: Infinity,
};

function checkOptions(o: BatchingOptions): void {
  for (const key of ['maxTokens', 'maxSentences', 'sortWindow'] as const) {
    if (!(o[key] >= 1))
      throw new TrainingError('E_TRAIN_OPTION', `batching: ${key} must be ≥ 1, got ${o[key]}`, { [key]: o[key] });
  }
}

/**
 * Cuts examples into batches (see the file comment).
 * @param lengths length of example i at index i
 * @param rng shuffles the examples before windowed sorting; null keeps corpus order (then sorts)
 * @returns batches of example indices; every index appears exactly once; batches in window order (not shuffled)
 */
export function makeBatches(
  lengths: readonly number[],
  options: Partial<BatchingOptions> = {},
  rng: Rng | null = null,
): number[][] {
  const o = { ...BATCHING_DEFAULTS, ...options };
  checkOptions(o);
  const order = lengths.map((_, i) => i);
  if (rng) rng.shuffle(order);
  const batches: number[][] = [];
  const window = Math.min(o.sortWindow, Math.max(order.length, 1));
  for (let start = 0; start < order.length; start += window) {
    // Stable sort: ties keep their (shuffled) order, so the result depends only on the seed.
    const sorted = order.slice(start, start + window).sort((a, b) => lengths[a]! - lengths[b]!);
    let batch: number[] = [];
    let maxLen = 0;
    for (const i of sorted) {
      const len = Math.max(lengths[i]!, maxLen);
      if (batch.length > 0 && ((batch.length + 1) * len > o.maxTokens || batch.length + 1 > o.maxSentences)) {
        batches.push(batch);
        batch = [];
        maxLen = 0;
      }
      batch.push(i);
      maxLen = Math.max(maxLen, lengths[i]!);
    }
    if (batch.length > 0) batches.push(batch);
  }
  return batches;
}

/** A shuffled copy of the batch order (the batches themselves are shared, not copied). */
export function shuffleBatches<T>(batches: readonly T[], rng: Rng): T[] {
  return rng.shuffle([...batches]);
}

/** Shortest-first order for a curriculum epoch: by longest example, then by batch size (largest first), stably. */
export function curriculumOrder(batches: readonly (readonly number[])[], lengths: readonly number[]): number[][] {
  const longest = (b: readonly number[]): number => b.reduce((m, i) => Math.max(m, lengths[i]!), 0);
  return batches
    .map((b) => ({ b: [...b], len: longest(b) }))
    .sort((x, y) => x.len - y.len || y.b.length - x.b.length)
    .map((x) => x.b);
}

/** Options for `epochBatches`. */
export interface EpochBatchingOptions extends BatchingOptions {
  /** Order the first epoch's batches shortest-first instead of shuffling them. */
  curriculum: boolean;
}

/**
 * One epoch's batches in training order: `makeBatches` with `rng`, then shuffled batch order — or shortest-first on
 * epoch 1 with `curriculum`. Epochs count from 1. Draws from `rng`, so the seed fixes every epoch.
 */
export function epochBatchOrder(
  lengths: readonly number[],
  epoch: number,
  rng: Rng,
  options: Partial<EpochBatchingOptions> = {},
): number[][] {
  const batches = makeBatches(lengths, options, rng);
  return options.curriculum === true && epoch === 1 ? curriculumOrder(batches, lengths) : shuffleBatches(batches, rng);
}
