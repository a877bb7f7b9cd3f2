/** `s2s tokenizer train`: trains a SentencePiece model with spm_train (see lib/text/train-sentencepiece.ts). */
import { defineCommand, logStream } from '../cli/command.js';
import { tokenizerTrainMeta } from './tokenizer-train.meta.js';
import { trainSentencePiece, type SentencePieceModelType } from '../../lib/text/train-sentencepiece.js';

export const tokenizerTrainCommand = defineCommand({
  ...tokenizerTrainMeta,
  async run({ options }, io) {
    const columns = options.column;
    const inputs = options.input.map((path) =>
      /\.tsv$/i.test(path) ? { path, columns: columns.length > 0 ? columns : [] } : { path },
    );
    const result = await trainSentencePiece({
      inputs,
      outPrefix: options.out,
      vocabSize: options['vocab-size'],
      modelType: options['model-type'] as SentencePieceModelType,
      characterCoverage: options['character-coverage'],
      seed: options.seed,
      threads: options.threads,
    });
    logStream(io).write(
      `trained on ${result.sentences} sentences${result.invalidBytes ? ` (${result.invalidBytes} invalid UTF-8 bytes replaced)` : ''}\n`,
    );
    io.stdout.write(`${result.modelPath}\n${result.vocabPath}\n`);
    return 0;
  },
});
