/**
 * `s2s lm train`: trains a single-stream recurrent language model on plain text (one sentence per line, a blank line
 * between documents) or a TSV column, by truncated BPTT. The tokenizer comes from a translation model (so the LM can
 * join its decoding: same target vocabulary), a SentencePiece model, or a word vocabulary built from the data.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { defineCommand, logStream } from '../cli/command.js';
import { lmTrainMeta } from './lm-train.meta.js';
import { trainerOptionsFrom } from '../train/trainer-cli-options.js';
import { useBackend, parseBackendName } from '../../lib/backend.js';
import { LanguageModel } from '../../lib/models/language-model.js';
import type { LanguageModelConfig } from '../../lib/models/lm-config.js';
import { lmConfigFrom } from '../train/model-cli-options.js';
import { storeTokenizers, tokenizerOf } from '../../lib/models/model-checkpoint.js';
import { LanguageModelTask } from '../../lib/train/lm-task.js';
import { documentsFromLines, streamChunks } from '../../lib/train/stream-chunks.js';
import { loadResumeCheckpoint } from '../train/resume-checkpoint.js';
import { runTraining } from '../train/run-training.js';
import { loadCheckpoint } from '../../lib/io/index.js';
import { readTsvFile } from '../../lib/text/corpus/tsv.js';
import { readFileLines } from '../../lib/text/line-reader.js';
import { WordTokenizer } from '../../lib/text/word-tokenizer.js';
import { SentencePieceTokenizer } from '../../lib/text/sentencepiece-tokenizer.js';
import type { Tokenizer } from '../../lib/text/tokenizer.js';
import { OptionError } from '../../lib/errors.js';
import { checkBounded } from '../../lib/util/bounds.js';

export const lmTrainCommand = defineCommand({
  ...lmTrainMeta,
  async run({ options: o }, io) {
    const backend = await useBackend(parseBackendName(o.backend));
    logStream(io).write(`backend: ${backend.name} (${backend.detail})\n`);
    const trainerOptions = trainerOptionsFrom(o, 'lm'); // validated before any data is read
    const resume = o.resume ? await loadResumeCheckpoint(o.out, 'lm') : undefined;
    const resumed = resume?.checkpoint;
    if (!resumed) lmConfigFrom(o, 1); // the shape flags are checked before any data is read (vocab size comes later)
    checkBounded('--batch', o.batch, { min: 1, max: 4096, reason: 'parallel streams of one step' });
    checkBounded('--bptt', o.bptt, { min: 1, max: 10_000, reason: 'tokens back-propagated through at once' });
    await mkdir(o.out, { recursive: true });
    const tokenizer = resumed
      ? await tokenizerOf(resumed, 'target', resume!.path)
      : await chooseTokenizer(o['tokenizer-from'], o['spm-model'], o.words, o.train, o.column);
    const read = (path: string): Promise<string[]> => readLinesOf(path, o.column);
    const trainDocs = documentsFromLines(await read(o.train), (l) => tokenizer.encode(l));
    const devDocs = o.dev ? documentsFromLines(await read(o.dev), (l) => tokenizer.encode(l)) : [];
    const trainChunks = streamChunks(trainDocs, o.batch, o.bptt);
    const devChunks = devDocs.length > 0 ? streamChunks(devDocs, Math.min(o.batch, 8), o.bptt) : [];
    logStream(io).write(
      `data: ${trainDocs.length} documents, ${trainChunks.length} chunks of ${o.batch}×${o.bptt} tokens; dev ${devChunks.length} chunks\n`,
    );
    const config: LanguageModelConfig = resumed
      ? (resumed.config as unknown as LanguageModelConfig)
      : lmConfigFrom(o, tokenizer.vocabSize);
    const model = new LanguageModel(config, o.seed);
    logStream(io).write(
      `model: ${model.params.count().toLocaleString('en')} parameters (${config.cell}, ${config.layers}×${config.hiddenSize})\n`,
    );
    const task = new LanguageModelTask(model, trainChunks, devChunks);
    const storedTokenizers = storeTokenizers({ target: tokenizer });
    const meta = { command: `s2s ${process.argv.slice(2).join(' ')}`, backend: backend.name };
    try {
      await runTraining(task, trainerOptions, { config, tokenizers: storedTokenizers, meta }, io, resume?.path);
      return 0;
    } finally {
      task.dispose();
      model.dispose();
    }
  },
});

async function readLinesOf(path: string, column: string | undefined): Promise<string[]> {
  const lines: string[] = [];
  if (column) for await (const row of readTsvFile(path, [column])) lines.push(row.values[0]!);
  else for await (const line of readFileLines(path)) lines.push(line.text);
  return lines;
}

async function chooseTokenizer(
  from: string | undefined,
  spm: string | undefined,
  words: boolean,
  train: string,
  column: string | undefined,
): Promise<Tokenizer> {
  const chosen = [from, spm, words || undefined].filter((x) => x !== undefined).length;
  if (chosen !== 1)
    throw new OptionError(
      'E_OPTION_MISSING',
      'choose exactly one tokenizer: --tokenizer-from MODEL.s2s, --spm-model FILE.model or --words',
    );
  if (from) {
    const checkpoint = await loadCheckpoint(from, { expectKind: 'seq2seq' });
    return tokenizerOf(checkpoint, 'target', from);
  }
  if (spm) return SentencePieceTokenizer.fromBytes(new Uint8Array(await readFile(spm)));
  return WordTokenizer.fromTexts(await readLinesOf(train, column));
}
