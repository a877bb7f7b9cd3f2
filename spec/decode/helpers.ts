/** Shared fixtures of the decoding specs: decode a toy model on given source lengths, freeing its state. */
import { expect } from 'chai';
import { decode, type DecodeInputs } from '../../lib/decode/decode.js';
import { resolveDecodeOptions, type DecodeOptions } from '../../lib/decode/options.js';
import type { Hypothesis } from '../../lib/decode/hypothesis.js';
import { runDecode } from '../../lib/decode/run-decode.js';
import { scoreSequences } from '../../lib/decode/score.js';
import type { DecodeStrategy, StepProcessor } from '../../lib/decode/strategy.js';
import { expectArraysClose } from '../helpers/tensors.js';
import type { HashTableModel } from './toy-models.js';

export async function decodeToy<L>(
  model: HashTableModel,
  sourceLengths: readonly number[],
  request: Partial<DecodeOptions> & Pick<DecodeInputs<L>, 'lm'> = {},
): Promise<Hypothesis[][]> {
  const { lm, ...options } = request;
  const resolved = resolveDecodeOptions(options); // before the state is made: an invalid option leaks nothing
  const state = model.initialState(sourceLengths);
  try {
    return await decode(model, state, sourceLengths.length, resolved, { sourceLengths, lm });
  } finally {
    model.disposeState(state);
  }
}

export async function runToy(
  model: HashTableModel,
  sourceLengths: readonly number[],
  strategy: DecodeStrategy,
  processors: StepProcessor[] = [],
): Promise<Hypothesis[][]> {
  const state = model.initialState(sourceLengths);
  try {
    return await runDecode(model, state, strategy, processors);
  } finally {
    model.disposeState(state);
  }
}

/** Forced-decoding log p of each sequence, every one scored against the source length given with it. */
export async function scoreToy(
  model: HashTableModel,
  sourceLengths: readonly number[],
  targets: readonly (readonly number[])[],
): Promise<number[]> {
  const state = model.initialState(sourceLengths);
  try {
    return await scoreSequences(model, state, targets);
  } finally {
    model.disposeState(state);
  }
}

/** The beam request of the batch-invariance checks: n-best, a length penalty and soft alignments all exercised. */
export const BATCH_INVARIANCE_REQUEST = {
  beamSize: 4,
  nBest: 3,
  lengthPenalty: 'wu',
  alignment: 'soft',
  maxLength: 8,
  maxLengthRatio: 2,
} as const;

/**
 * Batch invariance: each sentence decodes the same alone as in a batch with the others, in either order — tokens,
 * scores and log-probs exactly, attention within 1e-6.
 */
export async function expectBatchInvariant(
  decodeLengths: (sourceLengths: readonly number[]) => Promise<Hypothesis[][]>,
  sources: readonly number[],
): Promise<void> {
  const together = await decodeLengths(sources);
  const reversed = await decodeLengths([...sources].reverse());
  for (const [i, source] of sources.entries()) {
    const [alone] = await decodeLengths([source]);
    for (const other of [together[i]!, reversed[sources.length - 1 - i]!]) {
      expect(other.map((h) => [h.tokens, h.score, h.logProb])).to.deep.equal(
        alone!.map((h) => [h.tokens, h.score, h.logProb]),
      );
      other.forEach((h, j) => expectArraysClose(h.attention!.flat(), alone![j]!.attention!.flat(), 1e-6));
    }
  }
}
