/**
 * Trains a SentencePiece model by running SentencePiece's own trainer, `spm_train`, as a subprocess.
 *
 * The inputs (plain-text files and/or named TSV columns) are cleaned (line-reader.ts hygiene: UTF-8 repair, BOM,
 * CR/LF, control characters), empty lines dropped, and written to one temporary text file, one sentence per line.
 * Fixed flags: `--pad_id=0 --unk_id=1 --bos_id=2 --eos_id=3` (special-ids.ts), `--byte_fallback=true` (characters
 * outside the vocabulary become UTF-8 byte pieces, so any text round-trips), normalisation `nmt_nfkc`.
 * Determinism: `--input_sentence_size=0` (all sentences, no sampling), `--shuffle_input_sentence=false`,
 * `--random_seed=<seed>`; the trainer runs inside the temporary directory with the relative names `corpus.txt` and
 * `model` (the model file records its trainer flags, paths included), and the results are copied to the prefix —
 * so the same inputs and options give a byte-identical model.
 *
 * Joint vs separate models: one call with both languages' text gives a joint model; call it once per language for
 * separate source/target models.
 *
 * @example
 * const { modelPath } = await trainSentencePiece({ inputs: [{ path: 'train.tsv', columns: ['en', 'es'] }], outPrefix: 'spm/bible', vocabSize: 8000 });
 * const spm = await SentencePieceTokenizer.fromBytes(await readFile(modelPath));
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, copyFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolError, DataError, OptionError } from '../errors.js';
import { readFileLines } from './line-reader.js';
import { readTsvFile } from './corpus/tsv.js';
import { PAD_ID, UNK_ID, BOS_ID, EOS_ID } from './special-ids.js';

export type SentencePieceModelType = 'unigram' | 'bpe';

/** One training input: a plain-text file (one sentence per line), or the named columns of a TSV file with header. */
export interface TrainInput {
  path: string;
  /** TSV column names; absent → the file is plain text. */
  columns?: readonly string[];
}

export interface TrainSentencePieceOptions {
  inputs: readonly TrainInput[];
  /** Output prefix: writes `<prefix>.model` and `<prefix>.vocab`. */
  outPrefix: string;
  /** Number of pieces, specials included. */
  vocabSize: number;
  modelType?: SentencePieceModelType;
  /** Fraction of characters covered by the vocabulary (rest → byte fallback). 1.0 for small alphabets, 0.9995 for CJK. */
  characterCoverage?: number;
  /** Seed for spm_train's random generator. */
  seed?: number;
  /** Trainer threads. */
  threads?: number;
  /** Sentences longer than this many bytes are skipped by spm_train. */
  maxSentenceBytes?: number;
  /** Path or name of the trainer executable (default: $S2S_SPM_TRAIN or `spm_train`). */
  spmTrain?: string;
}

/** Defaults of `trainSentencePiece`, one comment per field. */
export const TRAIN_DEFAULTS = {
  /** Unigram LM segmentation (Kudo 2018); 'bpe' for byte-pair encoding. */
  modelType: 'unigram' as SentencePieceModelType,
  /** Latin scripts: cover every character seen. */
  characterCoverage: 1.0,
  /** Fixed seed → reproducible models. */
  seed: 1,
  /** The machines here are small and shared. */
  threads: 2,
  /** spm_train's own default. */
  maxSentenceBytes: 4192,
};

export interface TrainResult {
  modelPath: string;
  vocabPath: string;
  /** Sentences written to the trainer. */
  sentences: number;
  /** Invalid UTF-8 bytes replaced in the inputs. */
  invalidBytes: number;
}

/** How to install the trainer, for E_TOOL_MISSING messages. */
export const SPM_INSTALL_HINT =
  "install SentencePiece's command-line tools: 'sudo apt-get install sentencepiece' (Debian/Ubuntu), 'brew install sentencepiece' (macOS), or 'pip install sentencepiece' (then spm_train is on PATH via the Python package's scripts); or set S2S_SPM_TRAIN to the spm_train executable";

/**
 * Trains a model (see module comment).
 * @throws OptionError for bad sizes/coverage; DataError E_TRAIN_EMPTY when the inputs hold no text;
 *   ToolError E_TOOL_MISSING when spm_train is not installed, E_TOOL_FAILED with its stderr when it fails.
 */
export async function trainSentencePiece(options: TrainSentencePieceOptions): Promise<TrainResult> {
  const o = { ...TRAIN_DEFAULTS, ...stripUndefined(options) };
  if (!Number.isInteger(o.vocabSize) || o.vocabSize < 8) {
    throw new OptionError(
      'E_OPTION_INVALID',
      `vocab size must be an integer ≥ 8 (4 specials + pieces), got ${o.vocabSize}`,
      { vocabSize: o.vocabSize },
    );
  }
  if (!(o.characterCoverage > 0 && o.characterCoverage <= 1)) {
    throw new OptionError(
      'E_OPTION_INVALID',
      `character coverage must be in (0, 1], got ${o.characterCoverage}; use 1.0 for Latin scripts, 0.9995 for CJK`,
      { characterCoverage: o.characterCoverage },
    );
  }
  if (!(Number.isInteger(o.threads) && o.threads >= 1 && o.threads <= 128)) {
    // spm_train's own range
    throw new OptionError('E_OPTION_INVALID', `threads must be an integer from 1 to 128, got ${o.threads}`, {
      threads: o.threads,
    });
  }
  if (o.inputs.length === 0) throw new OptionError('E_OPTION_MISSING', 'expected at least one input file (inputs)');

  const dir = await mkdtemp(join(tmpdir(), 's2s-spm-'));
  try {
    const corpus = join(dir, 'corpus.txt');
    const { sentences, invalidBytes } = await writeCorpus(o.inputs, corpus);
    if (sentences === 0) {
      throw new DataError(
        'E_TRAIN_EMPTY',
        `expected text to train on, but the inputs (${o.inputs.map((i) => i.path).join(', ')}) hold no non-empty lines. Check the files and the column names.`,
      );
    }
    const args = [
      '--input=corpus.txt',
      '--model_prefix=model',
      `--vocab_size=${o.vocabSize}`,
      `--model_type=${o.modelType}`,
      `--character_coverage=${o.characterCoverage}`,
      `--pad_id=${PAD_ID}`,
      `--unk_id=${UNK_ID}`,
      `--bos_id=${BOS_ID}`,
      `--eos_id=${EOS_ID}`,
      '--byte_fallback=true',
      '--normalization_rule_name=nmt_nfkc',
      '--input_sentence_size=0',
      '--shuffle_input_sentence=false',
      `--random_seed=${o.seed}`,
      `--num_threads=${o.threads}`,
      `--max_sentence_length=${o.maxSentenceBytes}`,
      '--minloglevel=1',
    ];
    await runTrainer(o.spmTrain ?? process.env['S2S_SPM_TRAIN'] ?? 'spm_train', args, dir);
    const modelPath = `${o.outPrefix}.model`;
    const vocabPath = `${o.outPrefix}.vocab`;
    await copyFile(join(dir, 'model.model'), modelPath);
    await copyFile(join(dir, 'model.vocab'), vocabPath);
    return { modelPath, vocabPath, sentences, invalidBytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeCorpus(
  inputs: readonly TrainInput[],
  path: string,
): Promise<{ sentences: number; invalidBytes: number }> {
  const out = createWriteStream(path);
  let sentences = 0;
  let invalidBytes = 0;
  const put = async (text: string): Promise<void> => {
    const t = text.trim();
    if (t === '') return;
    sentences++;
    if (!out.write(`${t}\n`)) await once(out, 'drain');
  };
  try {
    for (const input of inputs) {
      if (input.columns && input.columns.length > 0) {
        for await (const row of readTsvFile(input.path, input.columns)) {
          invalidBytes += row.invalidBytes;
          for (const value of row.values) await put(value);
        }
      } else {
        for await (const line of readFileLines(input.path)) {
          invalidBytes += line.invalidBytes;
          await put(line.text);
        }
      }
    }
  } catch (err) {
    if (isNodeError(err) && err.code === 'ENOENT') {
      throw new DataError(
        'E_INPUT_MISSING',
        `expected a readable input file, but ${err.path ?? 'an input'} does not exist. Check the input paths.`,
        { path: err.path },
      );
    }
    throw err;
  } finally {
    out.end();
    await once(out, 'close');
  }
  return { sentences, invalidBytes };
}

function runTrainer(command: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    child.on('error', (err) => {
      if (isNodeError(err) && err.code === 'ENOENT') {
        reject(
          new ToolError(
            'E_TOOL_MISSING',
            `expected the SentencePiece trainer '${command}' on PATH, but it was not found. To fix, ${SPM_INSTALL_HINT}.`,
            { command },
          ),
        );
      } else reject(new ToolError('E_TOOL_FAILED', `could not start '${command}': ${err.message}`, { command }));
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        const last = stderr.trim().split('\n').slice(-5).join('\n');
        reject(
          new ToolError(
            'E_TOOL_FAILED',
            `${command} exited with ${signal ?? `status ${code}`}; its last messages:\n${last}\nCheck the options: vocabSize must suit the input (the message above says whether it is too small or too large).`,
            { command, code, stderr },
          ),
        );
      }
    });
  });
}

function isNodeError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && 'code' in err;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
