/** `s2s tokenizer train` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./tokenizer-train.ts). */
import { defineCommandMeta } from '../cli/command.js';
import { TRAIN_DEFAULTS } from '../../lib/text/train-sentencepiece.js';

export const tokenizerTrainMeta = defineCommandMeta({
  path: ['tokenizer', 'train'],
  summary: 'train a SentencePiece model (spm_train) on text files or TSV columns',
  usage: '--input FILE [--input FILE…] [--column NAME…] --vocab-size N --out PREFIX',
  details: [
    'Writes PREFIX.model and PREFIX.vocab (standard SentencePiece files) with ids pad 0, unk 1, bos 2, eos 3.',
    '--column names apply to every .tsv input (read with its header row); other inputs are plain text, one',
    'sentence per line. Give both languages for a joint model; run twice for separate models.',
    '',
    'Example: s2s tokenizer train --input bible.train.tsv --column en_web \\',
    '           --column es_rv1909 --vocab-size 8000 --model-type unigram --out fixtures/tokenizers/bible-8k',
  ].join('\n'),
  options: {
    input: {
      type: 'strings',
      alias: 'i',
      required: true,
      placeholder: 'FILE',
      description: 'training text: plain text or TSV with header',
    },
    column: { type: 'strings', placeholder: 'NAME', description: 'TSV column to train on' },
    'vocab-size': { type: 'number', required: true, description: 'number of pieces, specials included' },
    'model-type': {
      type: 'string',
      choices: ['unigram', 'bpe'],
      default: TRAIN_DEFAULTS.modelType,
      description: 'segmentation model',
    },
    'character-coverage': {
      type: 'number',
      default: TRAIN_DEFAULTS.characterCoverage,
      description: 'fraction of characters the vocabulary covers',
    },
    out: {
      type: 'string',
      alias: 'o',
      required: true,
      placeholder: 'PREFIX',
      description: 'output prefix (writes PREFIX.model, PREFIX.vocab)',
    },
    seed: { type: 'number', default: TRAIN_DEFAULTS.seed, description: 'random seed of spm_train' },
    threads: { type: 'number', default: TRAIN_DEFAULTS.threads, description: 'trainer threads' },
  },
});
