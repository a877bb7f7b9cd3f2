/**
 * `s2s translate --model M [FILES…|DIR] [-o OUT]`: translates stdin, files or a directory tree, streaming, in order.
 * Formats: `text` (one line in, one line out; failures → empty line + stderr message), `jsonl` (`{"id","text"}` in,
 * `{"id","translation","score","nbest","alignment"}` or `{"id","error"}` out), `msgpack` (msgpack maps, same records).
 * Each translation is flushed as soon as it is ready. Directory input mirrors the tree under `-o DIR`, writing each
 * file to a temporary name and renaming it when complete, so a rerun skips finished files (resumable).
 */
import { createReadStream, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { map, tap, type Observable } from 'rxjs';
import { defineCommand, type CliIO, type Command } from '../cli/command.js';
import { OptionError } from '../../lib/errors.js';
import type { OptionsSpec } from '../cli/args.js';
import { openTranslator, type OpenTranslatorOptions } from '../../lib/models/open-translator.js';
import type { TranslateDeps } from '../../pipelines/translate-lines.js';
import { translateLines } from '../../pipelines/translate-lines.js';
import { Credits } from '../../pipelines/credits.js';
import { linesFrom } from '../../pipelines/node/read-lines.js';
import { fromAsyncIterable } from '../../pipelines/node/from-async-iterable.js';
import { toWritable } from '../../pipelines/node/to-writable.js';
import { formatText } from '../../pipelines/formats/text.js';
import { formatJsonLine, parseJsonLine } from '../../pipelines/formats/jsonl.js';
import { msgpackEncoder, msgpackRecords } from '../../pipelines/formats/msgpack.js';
import { toRecord } from '../../pipelines/formats/record.js';
import { ProgressReporter } from '../../pipelines/formats/progress.js';
import type { LineInput } from '../../pipelines/types.js';
import type { TranslateOptions, TranslationResult } from '../../pipelines/translate.js';
import { attentionSvg } from '../../lib/decode/attention-svg.js';
import { hardAlignment } from '../../lib/decode/alignment.js';
import { longLineSplitter } from '../../pipelines/long-line-splitter.js';
import { DECODE_CLI_OPTIONS, decodeOptionsFrom } from '../cli/decode-options.js';
import { ENGINE_OPTION } from './engine-option.js';

export const FORMATS = ['text', 'jsonl', 'msgpack'] as const;
export type Format = (typeof FORMATS)[number];

const OPTIONS = {
  model: { type: 'string', alias: 'm', required: true, description: 'translation model file (.s2s checkpoint)' },
  output: { type: 'string', alias: 'o', description: 'output file (one input) or directory (several files / a directory); default stdout' },
  format: { type: 'string', alias: 'f', choices: FORMATS, default: 'text', description: 'input/output format: text, jsonl or msgpack' },
  ...DECODE_CLI_OPTIONS,
  ...ENGINE_OPTION,
  lm: { type: 'string', description: 'target-side language model (.s2s, kind lm) for --lm-weight: shallow fusion or --lm-rescore' },
  'max-tokens': { type: 'number', default: 2048, description: 'padded source tokens per batch' },
  'max-sentences': { type: 'number', default: 64, description: 'sentences per batch' },
  'max-wait': { type: 'number', default: 20, description: 'ms a sentence may wait for its batch to fill (latency bound)' },
  concurrency: { type: 'number', default: 1, description: 'batches decoded at once' },
  'max-in-flight': { type: 'number', default: 256, description: 'lines read ahead of the output (memory bound)' },
  'max-source-tokens': { type: 'number', default: 128, description: 'cut longer lines at sentence boundaries (else between words) into pieces of at most N tokens, translated separately and joined back' },
  'attention-svg': { type: 'string', description: 'write one attention heatmap per line to DIR/<line>.svg (source × target pieces)' },
  force: { type: 'boolean', description: 'directory mode: retranslate files whose output already exists' },
  progress: { type: 'boolean', default: true, description: 'progress line on stderr when it is a terminal (--no-progress to hide)' },
} as const satisfies OptionsSpec;

/** What the command needs from the model loader (injectable for tests). */
export type Opener = (modelPath: string, options: OpenTranslatorOptions) => Promise<TranslateDeps & { backend: string; close?: () => void }>;

interface StreamSettings {
  format: Format;
  /** Output hard alignments (`--alignment hard`). */
  hardAlignment: boolean;
  /** Directory for one attention heatmap per line (`--attention-svg`). */
  svgDir?: string;
  pipeline: TranslateOptions;
  progress: ProgressReporter;
  stderr: CliIO['stderr'];
}

/** Translates one byte stream into one writable; `end` says whether to end the writable. */
export async function translateStream(input: Readable, output: Writable, deps: TranslateDeps, settings: StreamSettings, end: boolean): Promise<void> {
  const credits = new Credits(settings.pipeline.maxInFlight ?? 256);
  let lines: Observable<LineInput>;
  if (settings.format === 'msgpack') lines = fromAsyncIterable(msgpackRecords(input), { credits });
  else if (settings.format === 'jsonl') lines = linesFrom(input, { credits }).pipe(map(parseJsonLine));
  else lines = linesFrom(input, { credits });
  const translated = translateLines(lines, deps, { ...settings.pipeline, credits, progress: settings.progress });
  const pictured = settings.svgDir === undefined ? translated : translated.pipe(tap((r) => writeAttentionSvg(r, deps, settings.svgDir!)));
  const results = settings.hardAlignment ? pictured.pipe(map(toHardAlignment)) : pictured;
  if (settings.format === 'msgpack') {
    const encoder = msgpackEncoder();
    encoder.pipe(output, { end });
    const flushed = once(encoder, 'end');
    await toWritable(results, encoder, { format: toRecord, credits });
    await flushed;
    if (end) await once(output, 'finish');
    return;
  }
  const format = settings.format === 'jsonl' ? formatJsonLine : (r: Parameters<typeof formatText>[0]) => formatText(r, settings.stderr);
  await toWritable(results, output, { format, credits, end });
}

/** `--alignment hard`: each target token's most attended source position instead of the weight matrix. */
function toHardAlignment(result: TranslationResult): TranslationResult {
  if (!result.data.ok || !result.data.value.alignment) return result;
  const { alignment, ...value } = result.data.value;
  return { ...result, data: { ok: true, value: { ...value, hardAlignment: hardAlignment(alignment) } } };
}

/** `DIR/<line>.svg`: the best hypothesis' attention, source pieces (+ `</s>`) × target pieces, for lines that have one. */
function writeAttentionSvg(result: TranslationResult, deps: TranslateDeps, dir: string): void {
  if (!result.data.ok || !result.data.value.alignment || !result.data.value.targetPieces) return;
  mkdirSync(dir, { recursive: true });
  const source = [...deps.sourceTokenizer.encodePieces(result.source), '</s>'];
  writeFileSync(join(dir, `${result.seq + 1}.svg`), attentionSvg({ source, target: result.data.value.targetPieces, attention: result.data.value.alignment }));
}

/** Files under `dir`, recursively, sorted; hidden files (temporaries) skipped. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await listFiles(path)));
    else if (e.isFile()) files.push(path);
  }
  return files;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Translates `source` into `target` via a temporary file renamed when complete. */
async function translateFile(source: string, target: string, deps: TranslateDeps, settings: StreamSettings): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${relative(dirname(target), target)}.${process.pid}.partial`);
  try {
    await translateStream(createReadStream(source), createWriteStream(temp), deps, settings, true);
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** Builds the command around a model opener (the real `openTranslator` by default). */
export function makeTranslateCommand(open: Opener = openTranslator): Command<typeof OPTIONS> {
  return defineCommand({
    path: ['translate'],
    summary: 'translate text from files, a directory or stdin, streaming, in input order',
    usage: '--model FILE [FILES…|DIR] [-o OUT] [--format text|jsonl|msgpack]',
    details: 'Examples:\n  s2s translate -m en-es.s2s < in.txt > out.txt\n  s2s translate -m en-es.s2s --format jsonl in.jsonl -o out.jsonl\n  s2s translate -m en-es.s2s corpus/ -o translated/   (resumable)',
    options: OPTIONS,
    async run(args, io) {
      const o = args.options;
      const format = o.format as Format;
      if (o.lm !== undefined && !(o['lm-weight'] > 0)) throw new OptionError('E_OPTION_MISSING', '--lm needs --lm-weight λ > 0 (e.g. 0.3) to take part in decoding');
      if (!Number.isInteger(o['max-source-tokens']) || o['max-source-tokens'] < 1) throw new OptionError('E_OPTION_INVALID', `--max-source-tokens must be an integer ≥ 1, got ${o['max-source-tokens']}`);
      const inputCount = args.positionals.filter((p) => p !== '-').length;
      if (o['attention-svg'] !== undefined && (inputCount > 1 || (inputCount === 1 && (await stat(args.positionals[0]!)).isDirectory()))) {
        throw new OptionError('E_OPTION_INVALID', '--attention-svg names pictures by line number, so it takes one input (stdin or one file); run it once per file');
      }
      const opened = await open(o.model, {
        decode: { ...decodeOptionsFrom(o), ...(o['attention-svg'] ? { alignment: 'soft' as const } : {}) },
        ...(o.lm === undefined ? {} : { lmPath: o.lm }),
        ...(o.backend === undefined ? {} : { backend: o.backend as OpenTranslatorOptions['backend'] & string }),
        ...(o.engine === undefined ? {} : { engine: o.engine as OpenTranslatorOptions['engine'] & string }),
      });
      const progress = new ProgressReporter({ stream: o.progress ? io.stderr : { write: () => undefined }, backend: opened.backend });
      const settings: StreamSettings = {
        format,
        progress,
        stderr: io.stderr,
        hardAlignment: o.alignment === 'hard',
        ...(o['attention-svg'] === undefined ? {} : { svgDir: o['attention-svg'] }),
        pipeline: {
          batch: { maxTokens: o['max-tokens'], maxSentences: o['max-sentences'], maxWait: o['max-wait'] },
          concurrency: o.concurrency,
          splitter: longLineSplitter((text) => opened.sourceTokenizer.encode(text).length, o['max-source-tokens']),
          maxInFlight: o['max-in-flight'],
          nbest: o['n-best'],
          alignment: o.alignment !== 'none' || o['attention-svg'] !== undefined,
        },
      };
      try {
        const inputs = args.positionals.filter((p) => p !== '-');
        if (inputs.length === 0) {
          const out = o.output === undefined ? io.stdout : createWriteStream(o.output);
          await translateStream(io.stdin, out, opened, settings, o.output !== undefined);
        } else if (inputs.length === 1 && (await stat(inputs[0]!)).isDirectory()) {
          if (o.output === undefined) throw new OptionError('E_OPTION_MISSING', 'translate: a directory input needs -o DIR for the mirrored output tree', { option: '--output' });
          const root = inputs[0]!;
          for (const file of await listFiles(root)) {
            const target = join(o.output, relative(root, file));
            if (!o.force && (await exists(target))) {
              io.stderr.write(`skip ${target} (done; --force to redo)\n`);
              continue;
            }
            await translateFile(file, target, opened, settings);
          }
        } else if (o.output !== undefined && inputs.length > 1) {
          for (const file of inputs) await translateFile(file, join(o.output, relative(process.cwd(), file).replace(/^(\.\.[/\\])+/, '')), opened, settings);
        } else if (o.output !== undefined) {
          await translateFile(inputs[0]!, o.output, opened, settings);
        } else {
          for (const file of inputs) await translateStream(createReadStream(file), io.stdout, opened, settings, false);
        }
      } finally {
        progress.finish();
        opened.close?.();
      }
      return 0;
    },
  });
}

export const translateCommand = makeTranslateCommand();
