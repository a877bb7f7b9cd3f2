/** Shared fixtures of the decoding specs: decode a toy model on given source lengths, freeing its state. */
import { decode, type DecodeInputs } from '../../lib/decode/decode.js';
import { resolveDecodeOptions, type DecodeOptions } from '../../lib/decode/options.js';
import type { Hypothesis } from '../../lib/decode/hypothesis.js';
import { runDecode } from '../../lib/decode/run-decode.js';
import { scoreSequences } from '../../lib/decode/score.js';
import type { DecodeStrategy, StepProcessor } from '../../lib/decode/strategy.js';
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
