/** Shared configurations of the tiny models the model and CLI specs build (fast, and small enough to reason about). */
import { WordTokenizer } from '../../lib/text/word-tokenizer.js';

/** A seq2seq over ids only: 9 source and 8 target ids, every width 3–4, one layer each side. */
export const TINY_SEQ2SEQ = {
  sourceVocab: 9,
  targetVocab: 8,
  embeddingSize: 3,
  hiddenSize: 4,
  attentionSize: 3,
  bridgeSize: 3,
  encoderLayers: 1,
  decoderLayers: 1,
  dropout: 0,
  labelSmoothing: 0,
} as const;

/** Six words, one word tokenizer for both sides of the word-level tiny models. */
export const TINY_WORDS = new WordTokenizer(['a', 'b', 'c', 'd', 'e', 'f']);

/** A seq2seq over `TINY_WORDS` on both sides, for models saved as checkpoints and run through the CLI. */
export const TINY_WORD_SEQ2SEQ = {
  sourceVocab: TINY_WORDS.vocabSize,
  targetVocab: TINY_WORDS.vocabSize,
  embeddingSize: 5,
  hiddenSize: 6,
  attentionSize: 4,
  bridgeSize: 5,
  dropout: 0,
  labelSmoothing: 0,
} as const;
