/**
 * `s2s train`: trains a seq2seq translation model from parallel text, writing DIR/model.s2s (best dev loss) and
 * DIR/last.s2s (resume point). Tokenizers: `words` (a vocabulary per side built from the training data, for
 * whitespace-token tasks) or SentencePiece (default: a joint model given with --spm-model, or trained here with
 * --vocab-size via spm_train). `--init-from FILE` starts from another model's weights, config and tokenizers
 * (scripts/train/init-from.ts); `--resume` continues this run's own last.s2s and wins over it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineCommand, logStream } from '../cli/command.js';
import { trainMeta } from './train.meta.js';
import { trainerOptionsFrom } from '../train/trainer-cli-options.js';
import { readParallel, type TextPairs } from '../train/parallel-data.js';
import { useBackend, parseBackendName } from '../../lib/backend.js';
import { Seq2Seq } from '../../lib/models/seq2seq.js';
import type { Seq2SeqConfig } from '../../lib/models/seq2seq-config.js';
import { initialConfigFrom, seq2seqConfigFrom } from '../train/model-cli-options.js';
import { assignWeights, storeTokenizers, tokenizerOf } from '../../lib/models/model-checkpoint.js';
import { loadInitialModel } from '../train/init-from.js';
import { Seq2SeqTask, type ParallelExample } from '../../lib/train/seq2seq-task.js';
import { loadResumeCheckpoint } from '../train/resume-checkpoint.js';
import { runTraining } from '../train/run-training.js';
import { WordTokenizer } from '../../lib/text/word-tokenizer.js';
import { SentencePieceTokenizer } from '../../lib/text/sentencepiece-tokenizer.js';
import { trainSentencePiece } from '../../lib/text/train-sentencepiece.js';
import type { Tokenizer, TokenizerKind } from '../../lib/text/tokenizer.js';
import { OptionError } from '../../lib/errors.js';
import { checkBounded } from '../../lib/util/bounds.js';
import { checkPipelineOptions } from '../cli/pipeline-options.js';
import { checkLanguageCode, languageMeta, languagesOf } from '../../lib/io/language-codes.js';

export const trainCommand = defineCommand({
  ...trainMeta,
  async run({ options: o }, io) {
    const backend = await useBackend(parseBackendName(o.backend));
    logStream(io).write(`backend: ${backend.name} (${backend.detail})\n`);
    const trainerOptions = trainerOptionsFrom(o, 'seq2seq'); // validated before any data is read
    const languages = {
      ...(o['source-lang'] === undefined ? {} : { source: checkLanguageCode(o['source-lang'], '--source-lang') }),
      ...(o['target-lang'] === undefined ? {} : { target: checkLanguageCode(o['target-lang'], '--target-lang') }),
    };
    const resume = o.resume ? await loadResumeCheckpoint(o.out, 'seq2seq') : undefined;
    const resumed = resume?.checkpoint;
    const initial = o['init-from'] !== undefined && !resumed ? await loadInitialModel(o['init-from']) : undefined;
    const initialConfig = initial
      ? initialConfigFrom(o, initial.checkpoint.config as unknown as Seq2SeqConfig)
      : undefined;
    // the model flags are checked before any data is read (vocabulary sizes come later)
    if (!resumed && !initial) seq2seqConfigFrom(o, { sourceVocab: 1, targetVocab: 1 });
    const maxLength = checkBounded('--max-length', o['max-length'], { min: 1, max: 100_000 });
    checkPipelineOptions({ 'max-tokens': o['max-tokens'], 'max-sentences': o['max-sentences'] });
    checkBounded('--dev-decode', o['dev-decode'], {
      min: 0,
      max: 100_000,
      reason: 'dev sentences decoded per evaluation',
    });
    await mkdir(o.out, { recursive: true });

    const train = await readParallel(
      {
        tsv: o.train,
        srcColumn: o['src-column'],
        tgtColumn: o['tgt-column'],
        srcFile: o['train-src'],
        tgtFile: o['train-tgt'],
      },
      '--train',
    );
    const dev =
      o.dev || o['dev-src']
        ? await readParallel(
            {
              tsv: o.dev,
              srcColumn: o['src-column'],
              tgtColumn: o['tgt-column'],
              srcFile: o['dev-src'],
              tgtFile: o['dev-tgt'],
            },
            '--dev',
          )
        : { sources: [], targets: [] };

    const tokenizers = initial
      ? initial.tokenizers
      : resumed
        ? {
            source: await tokenizerOf(resumed, 'source', resume!.path),
            target: await tokenizerOf(resumed, 'target', resume!.path),
          }
        : await makeTokenizers(o.tokenizer as TokenizerKind, train, o['spm-model'], o['vocab-size'], o.out, o.train, [
            o['src-column'],
            o['tgt-column'],
          ]);
    const encode = (pairs: TextPairs, filter: boolean): ParallelExample[] => {
      const examples = pairs.sources.map((s, i) => ({
        source: tokenizers.source.encode(s),
        target: tokenizers.target.encode(pairs.targets[i]!),
      }));
      return filter
        ? examples.filter((e) => e.source.length <= maxLength && e.target.length <= maxLength && e.target.length > 0)
        : examples;
    };
    const trainExamples = encode(train, true);
    const devExamples = encode(dev, false);
    if (trainExamples.length === 0)
      throw new OptionError(
        'E_OPTION_INVALID',
        `no training pair is left: all ${train.sources.length} have an empty side or one longer than --max-length ${maxLength} tokens; raise --max-length or check the columns`,
        { option: '--max-length', value: maxLength },
      );
    logStream(io).write(
      `data: ${trainExamples.length} training pairs (${train.sources.length - trainExamples.length} filtered: empty or longer than ${maxLength} tokens), ${devExamples.length} dev pairs\n`,
    );

    const stored = resumed ?? initial?.checkpoint; // the run resumed or started from
    const config: Seq2SeqConfig = resumed
      ? (resumed.config as unknown as Seq2SeqConfig)
      : (initialConfig ??
        seq2seqConfigFrom(o, { sourceVocab: tokenizers.source.vocabSize, targetVocab: tokenizers.target.vocabSize }));
    const model = new Seq2Seq(config, o.seed);
    if (initial) assignWeights(model.params, initial.checkpoint.weights, initial.path);
    logStream(io).write(
      `model: ${model.params.count().toLocaleString('en')} parameters (${config.cell}, E=${config.embeddingSize}, H=${config.hiddenSize}, ${config.attention ? 'attention' : 'no attention'})\n`,
    );
    const task = new Seq2SeqTask(model, trainExamples, devExamples, {
      batching: { maxTokens: o['max-tokens'], maxSentences: o['max-sentences'], curriculum: o.curriculum },
      devBatchSize: 64,
      devDecodeSentences: o['dev-decode'],
      targetTokenizer: tokenizers.target.kind === 'words' ? undefined : tokenizers.target, // BLEU/chrF on detokenized text
    });
    const storedTokenizers = storeTokenizers(tokenizers);
    const meta = {
      command: `s2s ${process.argv.slice(2).join(' ')}`,
      backend: backend.name,
      ...(stored ? languageMeta('seq2seq', languagesOf(stored)) : {}),
      ...languageMeta('seq2seq', languages),
    };
    try {
      await runTraining(task, trainerOptions, { config, tokenizers: storedTokenizers, meta }, io, resume?.path);
      return 0;
    } finally {
      model.dispose();
    }
  },
});

async function makeTokenizers(
  kind: TokenizerKind,
  train: TextPairs,
  spmModel: string | undefined,
  vocabSize: number,
  outDir: string,
  tsv: string | undefined,
  columns: Array<string | undefined>,
): Promise<{ source: Tokenizer; target: Tokenizer }> {
  if (kind === 'words')
    return { source: WordTokenizer.fromTexts(train.sources), target: WordTokenizer.fromTexts(train.targets) };
  if (spmModel) {
    const joint = await SentencePieceTokenizer.fromBytes(new Uint8Array(await readFile(spmModel)));
    return { source: joint, target: joint };
  }
  if (!tsv || columns.some((c) => !c))
    throw new OptionError(
      'E_OPTION_MISSING',
      'give --spm-model FILE.model, or a TSV --train with both columns so a joint SentencePiece model can be trained (--vocab-size)',
    );
  // a model left in --out by an earlier run (e.g. one being resumed) is reused only when it has the requested size
  const modelPath = join(outDir, 'spm.model');
  const earlier = await readFile(modelPath).then(
    (bytes) => SentencePieceTokenizer.fromBytes(new Uint8Array(bytes)),
    () => undefined,
  );
  const joint =
    earlier?.vocabSize === vocabSize
      ? earlier
      : await trainSentencePiece({
          inputs: [{ path: tsv, columns: columns as string[] }],
          outPrefix: join(outDir, 'spm'),
          vocabSize,
        }).then(async () => SentencePieceTokenizer.fromBytes(new Uint8Array(await readFile(modelPath))));
  return { source: joint, target: joint };
}
