/** Evaluation metrics, sacreBLEU-compatible: corpus/sentence BLEU, chrF, the 13a tokenizer, signatures. */
export {
  corpusBleu,
  sentenceBleu,
  computeBleu,
  bleuSegmentStats,
  bleuTokens,
  bleuSignature,
  formatBleu,
  formatBleuDetails,
} from './bleu.js';
export type { BleuOptions, BleuScore, BleuStats, BleuSmoothMethod, BleuTokenizer } from './bleu.js';
export { corpusChrf, sentenceChrf, chrfFromStats, chrfSignature, formatChrf } from './chrf.js';
export type { ChrfOptions, ChrfScore, ChrfOrderStats } from './chrf.js';
export { tokenize13a } from './tokenizer-13a.js';
export { perplexity } from './perplexity.js';
export { SACREBLEU_COMPAT_VERSION } from './signature.js';
export type { NumRefs } from './signature.js';
