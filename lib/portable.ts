/**
 * The part of the library that runs anywhere TensorFlow.js runs (the package's `s2s-rnn/core` entry): models,
 * decoding, metrics, word tokenization and training tasks — nothing here imports a Node built-in (files, child
 * processes, `process`), so a bundler can take it to a browser or a worker. The caller registers a backend
 * (e.g. `import '@tensorflow/tfjs-backend-wasm'` and `await tf.setBackend('wasm')`). File and process work
 * (checkpoint files, SentencePiece, `spm_train`, backend probing, the trainer's checkpoints) is in the main entry.
 * spec/package/portable.spec.ts checks the claim on the module graph.
 */
import './tfjs-registrations.js';

export * from './errors.js';
export { Rng, type RngState } from './util/random.js';
export { PAD_ID, UNK_ID, BOS_ID, EOS_ID } from './text/special-ids.js';
export type { Tokenizer, TokenizerKind } from './text/tokenizer.js';
export { WordTokenizer } from './text/word-tokenizer.js';
export { splitParagraph, joinParagraphs } from './text/sentence-splitter.js';
export { Seq2Seq } from './models/seq2seq.js';
export { SEQ2SEQ_DEFAULTS, type Seq2SeqConfig } from './models/seq2seq-config.js';
export { LanguageModel } from './models/language-model.js';
export { LM_DEFAULTS, type LanguageModelConfig } from './models/lm-config.js';
export { Seq2SeqTranslator } from './models/seq2seq-translator.js';
export { sampleSentences } from './models/lm-sampling.js';
export * from './decode/index.js';
export { Seq2SeqTask, type ParallelExample } from './train/seq2seq-task.js';
export { LanguageModelTask } from './train/lm-task.js';
export { streamChunks, documentsFromLines } from './train/stream-chunks.js';
export { corpusBleu, corpusChrf, sentenceBleu, sentenceChrf } from './eval/index.js';
export { gradientCheck } from './nn/gradcheck.js';
