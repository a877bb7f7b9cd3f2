/**
 * Random sampling: greedy search whose choice is a draw from the step's distribution, reshaped by temperature, top-k
 * and top-p (nucleus, Holtzman et al., 2020, "The Curious Case of Neural Text Degeneration"):
 *
 *   p'(y) ∝ exp(score(y) / T) over the allowed set A, where A = the k most likely tokens (top-k) ∩ the smallest set of
 *   most likely tokens whose probability reaches p (top-p).
 *
 * The draw happens on the device with the Gumbel-max trick, `y = argmax_y (score(y)/T + g_y)` with
 * `g_y = −log(−log u_y)`, `u_y ~ U(0, 1)`, which samples exactly from p' and reads back only the N chosen ids. The
 * uniform noise is seeded from the request's `Rng`, so a seed reproduces the samples on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/random.js';
import { GreedySearch, type TokenChooser } from './greedy.js';
import type { SearchConfig } from './search-config.js';

export interface SamplingOptions {
  /** T > 0: divides the scores; < 1 sharpens, > 1 flattens. */
  temperature: number;
  /** Keep the k most likely tokens; 0 = all. */
  topK: number;
  /** Keep the smallest most-likely set with probability ≥ p; 1 = all. */
  topP: number;
}

/** Keeps u away from 0 and 1, where −log(−log u) is ±∞ (float32 spacing just below 1 is ~6e-8). */
const UNIFORM_EPSILON = 1e-7;

/** Scores outside the allowed set of top-k: `score(y) < k-th largest score` → −∞. [N, V] → [N, V] */
export function maskTopK(logits: tf.Tensor2D, k: number): tf.Tensor2D {
  const [n, vocab] = logits.shape;
  if (k <= 0 || k >= vocab) return logits.clone();
  return tf.tidy(() => {
    const kth = tf.topk(logits, k).values.slice([0, k - 1], [n, 1]); // [N, k] → [N, 1]
    return tf.where(logits.less(kth), tf.fill([n, vocab], -Infinity), logits);
  });
}

/**
 * Scores outside the nucleus → −∞. The nucleus keeps a token while the probability of the tokens ranked before it is
 * below p: `Σ_{y' ranked before y} p(y') < p`, so the most likely token is always kept. [N, V] → [N, V]
 */
export function maskTopP(logits: tf.Tensor2D, p: number): tf.Tensor2D {
  const [n, vocab] = logits.shape;
  if (p >= 1) return logits.clone();
  return tf.tidy(() => {
    const sorted = tf.topk(logits, vocab).values; // [N, V], descending
    const before = tf.cumsum(tf.softmax(sorted), 1, true); // [N, V]: exclusive prefix sums of probabilities
    const kept = tf.where(before.less(p), sorted, tf.fill([n, vocab], Infinity)); // [N, V]
    const threshold = kept.min(1, true); // [N, 1]: the least likely kept score
    return tf.where(logits.less(threshold), tf.fill([n, vocab], -Infinity), logits);
  });
}

/** Draws one token per row from softmax(scores / T) restricted by top-k and top-p. [N, V] → [N] int32 */
export function sampleTokens(scores: tf.Tensor2D, options: SamplingOptions, seed: number): tf.Tensor1D {
  return tf.tidy(() => {
    const logits = maskTopP(maskTopK(scores.div(options.temperature), options.topK), options.topP); // [N, V]
    const u = tf.randomUniform(logits.shape, 0, 1, 'float32', seed).clipByValue(UNIFORM_EPSILON, 1 - UNIFORM_EPSILON);
    const gumbel = u.log().neg().log().neg(); // g = −log(−log u)
    return tf.argMax(logits.add(gumbel), 1) as tf.Tensor1D; // [N, V] → [N]
  });
}

/** A chooser that samples with `options`, drawing one device seed per step from `rng`. */
export function samplingChooser(options: SamplingOptions, rng: Rng): TokenChooser {
  return (scores) => sampleTokens(scores, options, rng.seed());
}

/** Greedy search with sampled tokens; reproducible for a given `rng` seed. */
export class SamplingSearch extends GreedySearch {
  constructor(config: SearchConfig, options: SamplingOptions, rng: Rng) {
    super(config, samplingChooser(options, rng));
  }
}
