/**
 * Sentences from a language model by ancestral sampling (the classic RNN-LM demonstration): from BOS, draw
 * w_t ~ p(w | w_<t) (with temperature / top-k / top-p) until EOS, optionally banning the unknown token and EOS before
 * a minimum length. Runs on the decoding library's sampling strategy over the LM's `StepModel`.
 *
 * @example
 * const { model } = await loadLanguageModel('fixtures/models/es-lm.s2s');
 * const sentences = await sampleSentences(model, 3, { temperature: 0.8, topP: 0.9 });
 */
import { decode } from '../decode/decode.js';
import { resolveDecodeOptions, type DecodeOptions } from '../decode/options.js';
import type { LanguageModel } from './language-model.js';

/** One sampled sentence: ids without BOS/EOS, and Σ log p of the tokens and the final EOS. */
export interface SampledSentence {
  tokens: number[];
  logProb: number;
}

/** Draws `count` sentences. @throws OptionError (`details.field`) for invalid options */
export async function sampleSentences(
  lm: LanguageModel,
  count: number,
  options: Partial<DecodeOptions> = {},
): Promise<SampledSentence[]> {
  const resolved = resolveDecodeOptions({
    lengthPenalty: 'none',
    maxLengthRatio: 0,
    ...options,
    beamSize: 1,
    nBest: 1,
    sampling: true,
  });
  const state = lm.zeroState(count);
  const step = lm.stepModel();
  try {
    const nBest = await decode(step, state, count, resolved);
    return nBest.map((list) => ({ tokens: list[0]!.tokens, logProb: list[0]!.logProb }));
  } finally {
    step.disposeState(state);
  }
}
