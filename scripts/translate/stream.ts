/**
 * One byte stream in, one writable out, through the translation pipeline, in the chosen format. Errors of the two
 * streams are told apart: a read error becomes a `FileError` naming the input, a write error one naming the output
 * (EPIPE included, so the caller can stop quietly when the reader of stdout went away). A damaged msgpack stream
 * (truncated or corrupt) still writes every record before the damage plus one error record, and is reported in
 * the result so the command can exit non-zero.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { Packr } from 'msgpackr';
import { map, Observable, tap, type MonoTypeOperatorFunction } from 'rxjs';
import type { TranslateDeps } from '../../pipelines/translate-lines.js';
import type { RemoteLines } from '../../workers/remote-lines.js';
import { translateLines } from '../../pipelines/translate-lines.js';
import { Credits } from '../../pipelines/credits.js';
import { linesFrom } from '../../pipelines/node/read-lines.js';
import { fromAsyncIterable } from '../../pipelines/node/from-async-iterable.js';
import { toWritable } from '../../pipelines/node/to-writable.js';
import { formatText, type MessageSink } from '../../pipelines/formats/text.js';
import { formatJsonLine, parseJsonLine } from '../../pipelines/formats/jsonl.js';
import { msgpackRecords, STREAM_DAMAGE_CODES } from '../../pipelines/formats/msgpack.js';
import { toRecord } from '../../pipelines/formats/record.js';
import type { TranslationProgress } from '../../pipelines/formats/progress.js';
import type { LineInput } from '../../pipelines/types.js';
import type { TranslateOptions, TranslationResult } from '../../pipelines/translate.js';
import { attentionSvg } from '../../lib/decode/attention-svg.js';
import { hardAlignment } from '../../lib/decode/alignment.js';
import { fileError } from '../../lib/io/file-errors.js';

import { FORMATS, type Format } from '../commands/translate.meta.js';

export { FORMATS, type Format };

export interface StreamSettings {
  format: Format;
  /** Output hard alignments (`--alignment hard`). */
  hardAlignment: boolean;
  /** Directory for one attention heatmap per line (`--attention-svg`). */
  svgDir?: string;
  pipeline: TranslateOptions;
  progress: TranslationProgress;
  /** Where per-line failures are reported (text format). */
  stderr: MessageSink;
  /** Aborting it (SIGINT/SIGTERM) stops the run: the stream fails with the signal's reason, nothing more is written. */
  signal?: AbortSignal;
}

/** Names of the two ends, for messages. */
export interface StreamNames {
  input: string;
  output: string;
}

export interface StreamOutcome {
  /** The input stream was damaged (msgpack: truncated or corrupt); its error record was written. */
  damaged: boolean;
}

const packr = new Packr({ useRecords: false });

/** Writables that already carry the no-op error listener (added once, however many files go to stdout). */
const guarded = new WeakSet<Writable>();

/** Translates `input` into `output` (see the module comment); `end` says whether to end the writable. */
export async function translateStream(
  input: Readable,
  output: Writable,
  deps: TranslateDeps | RemoteLines,
  settings: StreamSettings,
  end: boolean,
  names: StreamNames,
): Promise<StreamOutcome> {
  // The first error of each end, to name the right path.
  let readError: unknown;
  let writeError: unknown;
  const onRead = (err: unknown): void => void (readError ??= err);
  const onWrite = (err: unknown): void => void (writeError ??= err);
  input.on('error', onRead);
  output.on('error', onWrite);
  let damaged = false;
  const credits = new Credits(settings.pipeline.maxInFlight ?? 256);
  let lines: Observable<LineInput>;
  if (settings.format === 'msgpack') lines = fromAsyncIterable(msgpackRecords(input), { credits });
  else if (settings.format === 'jsonl')
    lines = linesFrom(input, { credits }).pipe(map((line) => (typeof line === 'string' ? parseJsonLine(line) : line)));
  else lines = linesFrom(input, { credits });
  const translated = (
    typeof deps === 'function'
      ? deps(lines, { credits, progress: settings.progress })
      : translateLines(lines, deps, { ...settings.pipeline, credits, progress: settings.progress })
  ).pipe(
    tap((r) => {
      if (!r.data.ok && STREAM_DAMAGE_CODES.has(r.data.error.code)) damaged = true;
    }),
  );
  const pictured =
    settings.svgDir === undefined || typeof deps === 'function'
      ? translated
      : translated.pipe(tap((r) => writeAttentionSvg(r, deps, settings.svgDir!)));
  const aligned = settings.hardAlignment ? pictured.pipe(map(toHardAlignment)) : pictured;
  const results = settings.signal === undefined ? aligned : aligned.pipe(failOnAbort(settings.signal));
  const format =
    settings.format === 'msgpack'
      ? (r: TranslationResult) => Buffer.from(packr.pack(toRecord(r)))
      : settings.format === 'jsonl'
        ? formatJsonLine
        : (r: TranslationResult) => formatText(r, settings.stderr);
  try {
    await toWritable(results, output, { format, credits, end });
  } catch (err) {
    if (readError !== undefined) throw fileError(readError, names.input, 'read');
    if (writeError !== undefined) throw fileError(writeError, names.output, 'write');
    throw err;
  } finally {
    input.off('error', onRead);
    // A late write error after the run (the reader closed the pipe) must not become an uncaught exception.
    output.off('error', onWrite);
    if (!guarded.has(output)) {
      guarded.add(output);
      output.on('error', () => undefined);
    }
  }
  return { damaged };
}

/**
 * Fails the stream with `signal.reason` when `signal` aborts; unsubscribing upstream stops the reading (the input is
 * destroyed) and the decoding of what was not yet decoded.
 */
function failOnAbort<T>(signal: AbortSignal): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const onAbort = (): void => subscriber.error(signal.reason);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const subscription = source.subscribe(subscriber);
      return () => {
        signal.removeEventListener('abort', onAbort);
        subscription.unsubscribe();
      };
    });
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
  const source = [...deps.sourceTokenizer.encodePieces(result.source), '</s>'];
  const path = join(dir, `${result.seq + 1}.svg`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path,
      attentionSvg({ source, target: result.data.value.targetPieces, attention: result.data.value.alignment }),
    );
  } catch (err) {
    throw fileError(err, path, 'write');
  }
}
