/** The decoding library: searches, step processors, forced scoring, LM rescoring, alignments and options. */
export { decode, createProcessors, createStrategy, sentenceMaxLengths, type DecodeInputs } from './decode.js';
export { runDecode, applyProcessors } from './run-decode.js';
export type { DecodeStrategy, StepContext, StepProcessor, StepScores } from './strategy.js';
export type { SearchConfig } from './search-config.js';
export { GreedySearch, argmaxChooser, type TokenChooser } from './greedy.js';
export { SamplingSearch, sampleTokens, samplingChooser, maskTopK, maskTopP, type SamplingOptions } from './sampling.js';
export { BeamSearch, type BeamConfig } from './beam-search.js';
export {
  LENGTH_PENALTIES,
  lengthPenalty,
  noPenalty,
  averagePenalty,
  wuPenalty,
  type LengthPenalty,
  type LengthPenaltyName,
} from './length-penalty.js';
export { DEFAULTS, ALIGNMENT_MODES, resolveDecodeOptions, type DecodeOptions, type AlignmentMode } from './options.js';
export { banSpecialTokens, banUnk } from './processors/ban-tokens.js';
export { minLength } from './processors/min-length.js';
export { noRepeatNgram, repeatedNgramTokens } from './processors/no-repeat-ngram.js';
export { forceEosAtMaxLength } from './processors/force-eos.js';
export { lmFusion, type FusionLm } from './processors/lm-fusion.js';
export { scoreSequences } from './score.js';
export { rescoreWithLm } from './lm-rescore.js';
export { hardAlignment, formatAlignment } from './alignment.js';
export { attentionSvg, escapeXml, type AttentionPicture } from './attention-svg.js';
export type { Hypothesis, BatchTranslator } from './hypothesis.js';
export type { StepModel, StepOutput } from './step-model.js';
