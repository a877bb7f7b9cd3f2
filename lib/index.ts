/** The library's public API. Streaming operators live in `pipelines/index.ts`. */
import './tfjs-registrations.js';
export {
  useBackend,
  probeBackends,
  parseBackendName,
  BACKEND_NAMES,
  type BackendName,
  type BackendProbe,
} from './backend.js';
export * from './errors.js';
export { Rng, type RngState } from './util/random.js';
export { PAD_ID, UNK_ID, BOS_ID, EOS_ID } from './text/special-ids.js';
export type { Tokenizer, TokenizerKind } from './text/tokenizer.js';
export { SentencePieceTokenizer } from './text/sentencepiece-tokenizer.js';
export { WordTokenizer } from './text/word-tokenizer.js';
export { loadTokenizer } from './text/load-tokenizer.js';
export { trainSentencePiece } from './text/train-sentencepiece.js';
export { splitParagraph, splitParagraphs, joinParagraphs } from './text/sentence-splitter.js';
export { Seq2Seq } from './models/seq2seq.js';
export { SEQ2SEQ_DEFAULTS, type Seq2SeqConfig } from './models/seq2seq-config.js';
export { LanguageModel } from './models/language-model.js';
export { LM_DEFAULTS, type LanguageModelConfig } from './models/lm-config.js';
export { Seq2SeqTranslator } from './models/seq2seq-translator.js';
export { openTranslator, type OpenedTranslator, type OpenTranslatorOptions } from './models/open-translator.js';
export { loadSeq2Seq, loadLanguageModel, inferenceCheckpoint } from './models/model-checkpoint.js';
export { sampleSentences } from './models/lm-sampling.js';
export {
  EnsembleTranslator,
  type EncoderDecoder,
  type EnsembleTranslatorMember,
  type FusionLanguageModel,
} from './models/ensemble-translator.js';
export {
  ensembleStepModel,
  normalizeEnsembleWeights,
  type EnsembleMember,
  type EnsembleState,
} from './decode/ensemble-step-model.js';
export {
  ensembleCheckpoint,
  flattenMembers,
  membersOf,
  type WeightedCheckpoint,
} from './models/ensemble-checkpoint.js';
export { loadMembers, readMembers } from './models/load-ensemble.js';
export { averageCheckpoints } from './train/average-checkpoints.js';
export * from './decode/index.js';
export {
  Trainer,
  BEST_CHECKPOINT_FILE,
  LAST_CHECKPOINT_FILE,
  TRAINER_DEFAULTS,
  type TrainerOptions,
} from './train/index.js';
export { Seq2SeqTask, type ParallelExample } from './train/seq2seq-task.js';
export { LanguageModelTask } from './train/lm-task.js';
export { streamChunks, documentsFromLines } from './train/stream-chunks.js';
export { corpusBleu, corpusChrf, sentenceBleu, sentenceChrf, perplexity } from './eval/index.js';
export { saveCheckpoint, loadCheckpoint, readBoundedFile, checkRegularFile, fileError } from './io/index.js';
export { checkBounded, type Bounds } from './util/bounds.js';
export { gradientCheck } from './nn/gradcheck.js';
