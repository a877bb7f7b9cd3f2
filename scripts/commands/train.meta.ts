/** `s2s train` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./train.ts). */
import { defineCommandMeta } from '../cli/command.js';
import { TRAINER_CLI_OPTIONS } from '../train/trainer-cli-options.js';
import { SEQ2SEQ_CLI_OPTIONS } from '../train/model-cli-options.js';

export const trainMeta = defineCommandMeta({
  path: ['train'],
  summary: 'train a translation model (seq2seq with attention) from parallel text',
  usage: '--train FILE.tsv --src-column A --tgt-column B [--dev FILE.tsv] --out DIR [options]',
  details: [
    'Examples:',
    '  s2s data synth reverse --n 20000 --out train.tsv && s2s data synth reverse --n 500 --seed 2 --out dev.tsv',
    '  s2s train --train train.tsv --dev dev.tsv --src-column src --tgt-column tgt --tokenizer words --out runs/rev',
    '  s2s train --train bible.tsv --src-column en_web --tgt-column es_rv1909 --spm-model fixtures/tokenizers/bible-4k.model --out runs/en-es',
    '  s2s train --out runs/en-es --resume   (continues from runs/en-es/last.s2s; give the same data options)',
    '  s2s train --init-from fixtures/models/en-es.s2s --train more.tsv --src-column en --tgt-column es --keep-checkpoints 5 --out runs/more',
  ].join('\n'),
  options: {
    train: { type: 'string', placeholder: 'FILE', description: 'training data: TSV with a header' },
    dev: { type: 'string', placeholder: 'FILE', description: 'dev data: TSV with the same columns' },
    'src-column': { type: 'string', placeholder: 'NAME', description: 'TSV column of the source side' },
    'tgt-column': { type: 'string', placeholder: 'NAME', description: 'TSV column of the target side' },
    'train-src': {
      type: 'string',
      placeholder: 'FILE',
      description: 'training source, one sentence per line (with --train-tgt)',
    },
    'train-tgt': { type: 'string', placeholder: 'FILE', description: 'training target, aligned with --train-src' },
    'dev-src': { type: 'string', placeholder: 'FILE', description: 'dev source (with --dev-tgt)' },
    'dev-tgt': { type: 'string', placeholder: 'FILE', description: 'dev target' },
    tokenizer: {
      type: 'string',
      choices: ['sentencepiece', 'words'],
      default: 'sentencepiece',
      description: 'tokenization',
    },
    'spm-model': { type: 'string', placeholder: 'FILE', description: 'joint SentencePiece model for both sides' },
    'vocab-size': {
      type: 'number',
      default: 8000,
      description: 'SentencePiece vocabulary trained when no --spm-model is given',
    },
    'max-length': {
      type: 'number',
      default: 100,
      description: 'drop training pairs with a side longer than this many tokens',
    },
    'max-tokens': { type: 'number', default: 2048, description: 'padded target tokens per batch' },
    'max-sentences': { type: 'number', default: 64, description: 'sentences per batch' },
    curriculum: { type: 'boolean', description: 'first epoch shortest-first' },
    'source-lang': {
      type: 'string',
      placeholder: 'CODE',
      description: 'source language code stored in the model (en, es, pt-BR…; s2s serve routes by it)',
    },
    'target-lang': { type: 'string', placeholder: 'CODE', description: 'target language code stored in the model' },
    'init-from': {
      type: 'string',
      placeholder: 'FILE',
      description:
        "start from the weights, config and tokenizers of this seq2seq model (fresh optimizer; model-shape and tokenizer options are not used; --dropout and --label-smoothing, when given, replace the model's)",
    },
    'dev-decode': {
      type: 'number',
      default: 200,
      description: 'dev sentences decoded greedily for BLEU/chrF/accuracy at each evaluation',
    },
    ...SEQ2SEQ_CLI_OPTIONS,
    ...TRAINER_CLI_OPTIONS,
  },
  tensors: true,
});
