/**
 * `decode`: translate (or generate) a batch with the search and step processors that the options ask for.
 *
 * @example
 * const options = resolveDecodeOptions({ beamSize: 5, nBest: 3 }); // once, not per batch
 * const nBest = await decode(model, encoderState, 2, options, { sourceLengths: [7, 4] });
 * nBest[0][0].tokens; // best output of sentence 0
 */
import { invalidField, ShapeError } from '../errors.js';
import { Rng } from '../util/random.js';
import { BeamSearch } from './beam-search.js';
import { GreedySearch } from './greedy.js';
import type { Hypothesis } from './hypothesis.js';
import { lengthPenalty } from './length-penalty.js';
import { rescoreWithLm } from './lm-rescore.js';
import type { DecodeOptions } from './options.js';
import { banSpecialTokens } from './processors/ban-tokens.js';
import { lmFusion, type FusionLm } from './processors/lm-fusion.js';
import { minLength } from './processors/min-length.js';
import { noRepeatNgram } from './processors/no-repeat-ngram.js';
import { runDecode } from './run-decode.js';
import { SamplingSearch } from './sampling.js';
import type { SearchConfig } from './search-config.js';
import type { StepModel } from './step-model.js';
import type { DecodeStrategy, StepProcessor } from './strategy.js';

/** What a decode takes besides the options: what comes from the data, not the user. */
export interface DecodeInputs<L = unknown> {
  /** Real length of each source sentence, [B]: for `maxLengthRatio` and for cutting attention rows. */
  sourceLengths?: readonly number[];
  /** The language model for shallow fusion or n-best rescoring (`lmWeight` > 0). */
  lm?: FusionLm<L>;
}

/**
 * Decodes B sentences.
 * @param initialState B rows (the caller keeps and disposes it)
 * @param options validated once by `resolveDecodeOptions`
 * @returns an n-best list per sentence, best first, in batch order
 * @throws OptionError for `lmWeight` > 0 without `lm`; ShapeError for `sourceLengths` ≠ B
 */
export async function decode<S, L = unknown>(
  model: StepModel<S>,
  initialState: S,
  batchSize: number,
  options: DecodeOptions,
  inputs: DecodeInputs<L> = {},
): Promise<Hypothesis[][]> {
  const { lm, sourceLengths } = inputs;
  if (options.lmWeight > 0 && !lm)
    throw invalidField('decode option', 'lmWeight', '0 when no language model is given', options.lmWeight);
  if (sourceLengths && sourceLengths.length !== batchSize) {
    throw new ShapeError(`decode: sourceLengths must be [${batchSize}], got [${sourceLengths.length}]`, {
      expected: batchSize,
      actual: sourceLengths.length,
    });
  }
  const rescore = lm && options.lmWeight > 0 && options.lmRescore ? lm : undefined;
  const config: SearchConfig = {
    batchSize,
    maxLengths: sentenceMaxLengths(options, batchSize, sourceLengths),
    lengthPenalty: lengthPenalty(options.lengthPenalty, options.alpha),
    collectAttention: options.alignment !== 'none',
    sourceLengths,
  };
  const processors = createProcessors(options, model.vocabSize, batchSize, rescore ? undefined : lm);
  try {
    const strategy = createStrategy(options, config, rescore ? options.beamSize : options.nBest);
    const nBest = await runDecode(model, initialState, strategy, processors);
    return rescore
      ? (await rescoreWithLm(nBest, rescore, options.lmWeight)).map((list) => list.slice(0, options.nBest))
      : nBest;
  } finally {
    for (const p of processors) p.dispose?.();
  }
}

/** `min(maxLength, ceil(ratio · |x|))` per sentence, never below minLength; `maxLength` when no ratio or lengths. */
export function sentenceMaxLengths(
  options: DecodeOptions,
  batchSize: number,
  sourceLengths?: readonly number[],
): number[] {
  return Array.from({ length: batchSize }, (_, b) => {
    const source = sourceLengths?.[b];
    if (options.maxLengthRatio <= 0 || source === undefined) return options.maxLength;
    return Math.max(options.minLength, Math.min(options.maxLength, Math.ceil(options.maxLengthRatio * source)));
  });
}

/** Sampling, greedy (beam size 1) or beam search, returning `nBest` hypotheses per sentence. */
export function createStrategy(options: DecodeOptions, config: SearchConfig, nBest = options.nBest): DecodeStrategy {
  if (options.sampling) return new SamplingSearch(config, options, new Rng(options.seed));
  if (options.beamSize === 1) return new GreedySearch(config);
  return new BeamSearch({ ...config, beamSize: options.beamSize, nBest });
}

/** The step processors the options ask for, in a fixed order: bans first, then LM fusion. */
export function createProcessors<L>(
  options: DecodeOptions,
  vocabSize: number,
  rows: number,
  lm?: FusionLm<L>,
): StepProcessor[] {
  const processors: StepProcessor[] = [banSpecialTokens(options.banUnk)];
  if (options.minLength > 0) processors.push(minLength(options.minLength));
  if (options.noRepeatNgramSize > 0) processors.push(noRepeatNgram(options.noRepeatNgramSize));
  if (lm && options.lmWeight > 0) processors.push(lmFusion(lm, options.lmWeight, rows, vocabSize));
  return processors;
}
