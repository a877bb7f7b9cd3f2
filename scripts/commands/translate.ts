/**
 * `s2s translate --model M [FILES…|DIR] [-o OUT]`: translates stdin, files or a directory tree, streaming, in order.
 * Formats: `text` (one line in, one line out; failures → empty line + stderr message), `jsonl` (`{"id","text"}` in,
 * `{"id","line","translation","score","nbest","alignment"}` or `{"id","line","error"}` out), `msgpack` (msgpack maps,
 * same records). Each translation is flushed as soon as it is ready. Directory input mirrors the tree under `-o DIR`,
 * writing each file to a temporary name and renaming it when complete, so a rerun skips finished files (resumable).
 *
 * Hostile input and faults: every option is checked before the model loads (usage error, exit 2); the output is
 * never one of the inputs (scripts/translate/plan.ts); one file that fails does not stop the others (each failure is
 * one stderr line naming the path, exit 1 at the end); a reader that closes stdout (`| head`) ends the run quietly;
 * SIGINT/SIGTERM abandon the file being written and exit 130/143 (scripts/translate/interrupt.ts).
 */
import { stat } from 'node:fs/promises';
import { defineCommand, logStream, type CliIO, type Command } from '../cli/command.js';
import { DECODE_FLAGS, decodeOptionsFrom } from '../cli/decode-options.js';
import { withFlagErrors } from '../cli/flag-errors.js';
import { translateMeta } from './translate.meta.js';
import { checkPipelineOptions } from '../cli/pipeline-options.js';
import { FileError, OptionError, S2SError } from '../../lib/errors.js';
import type { OpenTranslatorOptions } from '../../lib/models/open-translator.js';
import type { TranslateDeps } from '../../pipelines/translate-lines.js';
import type { RemoteLines } from '../../workers/remote-lines.js';
import { FORMATS, type Format, type StreamOutcome, type StreamSettings } from '../translate/stream.js';
import { planTranslation, type Plan } from '../translate/plan.js';
import * as files from '../translate/files.js';
import { ignoredDecodeOptions } from '../cli/decode-option-warnings.js';
import { TranslationProgress } from '../../pipelines/formats/progress.js';
import { type ProgressSink } from '../../lib/util/progress-sink.js';
import { progressSink } from './progress-option.js';
import { longLineSplitter } from '../../pipelines/long-line-splitter.js';
import { parseWeights } from '../cli/weights.js';
import { abortOnSignals, interruptedExitCode, type SignalSource } from '../translate/interrupt.js';

export { FORMATS, type Format };

/** What the command needs from the model loader (injectable for tests). */
export type Opener = (
  modelPath: string | readonly string[],
  options: OpenTranslatorOptions,
) => Promise<TranslateDeps & { backend: string; close?: () => void }>;

/** The real loader, imported only when a model is opened (TensorFlow.js loads then: `--help` and usage errors stay fast). */
const openModel: Opener = async (path, options) =>
  (await import('../../lib/models/open-translator.js')).openTranslator(path, options);

/** Whether `err` says the reader of our output went away (`| head -1`). */
function isBrokenPipe(err: unknown): boolean {
  return err instanceof FileError && err.details['errno'] === 'EPIPE';
}

/**
 * Builds the command around a model opener (the real `openTranslator` by default) and a source of SIGINT/SIGTERM
 * (`process`; an EventEmitter in tests).
 */
export function makeTranslateCommand(
  open: Opener = openModel,
  signals: SignalSource = process,
): Command<typeof translateMeta.options> {
  return defineCommand({
    ...translateMeta,
    async run(args, io) {
      const o = args.options;
      const format = o.format as Format;
      if (o.lm !== undefined && !(o['lm-weight'] > 0))
        throw new OptionError('E_OPTION_MISSING', '--lm needs --lm-weight λ > 0 (e.g. 0.3) to take part in decoding');
      if (o.lm === undefined && o['lm-weight'] > 0)
        throw new OptionError('E_OPTION_MISSING', '--lm-weight needs --lm LM.s2s (the language model to weight)', {
          option: '--lm',
        });
      if (o.redis !== undefined && o.model.length > 1)
        throw new OptionError(
          'E_OPTION_INVALID',
          '--redis names one language pair with --model; ensembles (several --model) need the models on this machine',
        );
      const weights = o.weights === undefined ? undefined : parseWeights(o.weights, o.model.length);
      const decode = decodeOptionsFrom(o);
      checkPipelineOptions(o, decode.beamSize);
      const warnings = ignoredDecodeOptions(decode);
      if (format === 'text' && decode.nBest > 1)
        warnings.push(
          `--n-best ${decode.nBest} has no effect with --format text (one line out per line in; use jsonl or msgpack for n-best lists)`,
        );
      if (format === 'text' && o.alignment !== 'none')
        warnings.push(`--alignment ${o.alignment} has no effect with --format text (use jsonl or msgpack)`);
      for (const w of warnings) io.stderr.write(`s2s translate: warning: ${w}\n`);
      if (args.positionals.includes('-') && args.positionals.length > 1)
        throw new OptionError(
          'E_OPTION_INVALID',
          `'-' (standard input) cannot be mixed with files (it was ignored): give files only, or '-' alone`,
          { option: 'FILES', value: args.positionals },
        );
      const plan = await planTranslation(
        args.positionals.filter((p) => p !== '-'),
        o.output,
      );
      if (o['attention-svg'] !== undefined && !plan.stdin && plan.jobs.length !== 1) {
        throw new OptionError(
          'E_OPTION_INVALID',
          '--attention-svg names pictures by line number, so it takes one input (stdin or one file); run it once per file',
        );
      }
      for (const removed of await files.removeStalePartials(plan.jobs.map((j) => j.target)))
        logStream(io).write(`removed stale temporary ${removed} (left by an interrupted run)\n`);
      for (const line of plan.skipped) io.stderr.write(`${line}\n`);
      // Run with no input and no redirection, the command would seem to hang: say what it waits for.
      if (plan.stdin && io.stdin.isTTY === true)
        logStream(io).write('reading lines from the terminal: each is translated when you press Enter; Ctrl-D ends\n');
      if (o.redis !== undefined && (o.lm !== undefined || o['attention-svg'] !== undefined))
        throw new OptionError(
          'E_OPTION_INVALID',
          '--lm and --attention-svg need the model on this machine; they do not combine with --redis',
        );
      if (o['attention-svg'] !== undefined) await files.createPictureDirectory(o['attention-svg']);
      const opened =
        o.redis === undefined
          ? await withFlagErrors({ ...DECODE_FLAGS, lmPath: '--lm', weights: '--weights' }, () =>
              open(o.model.length === 1 ? o.model[0]! : o.model, {
                ...(weights === undefined ? {} : { weights }),
                decode: { ...decode, ...(o['attention-svg'] ? { alignment: 'soft' as const } : {}) },
                ...(o.lm === undefined ? {} : { lmPath: o.lm }),
                ...(o.backend === undefined ? {} : { backend: o.backend as OpenTranslatorOptions['backend'] & string }),
                ...(o.engine === undefined ? {} : { engine: o.engine as OpenTranslatorOptions['engine'] & string }),
              }),
            )
          : (await import('../../workers/remote-lines.js')).openRemoteTranslation(
              o.redis,
              o.model[0]!,
              {
                decode,
                nbest: o['n-best'],
                alignment: o.alignment !== 'none',
                maxSourceTokens: o['max-source-tokens'],
              },
              { timeoutMs: o['redis-timeout'] },
            );
      const deps = 'lines' in opened ? opened.lines : opened;
      // --no-progress hides the live line only; --quiet (logStream) every informational line, the summary included.
      const sink = progressSink(io, o.progress);
      const progress = new TranslationProgress({ sink, backend: opened.backend });
      const interrupt = new AbortController();
      const settings: StreamSettings = {
        format,
        signal: interrupt.signal,
        progress,
        stderr: io.stderr,
        hardAlignment: o.alignment === 'hard',
        ...(o['attention-svg'] === undefined ? {} : { svgDir: o['attention-svg'] }),
        pipeline: {
          batch: { maxTokens: o['max-tokens'], maxSentences: o['max-sentences'], maxWait: o['max-wait'] },
          concurrency: o.concurrency,
          ...('lines' in opened
            ? {}
            : {
                splitter: longLineSplitter(
                  (text) => opened.sourceTokenizer.encode(text).length,
                  o['max-source-tokens'],
                ),
              }),
          maxInFlight: o['max-in-flight'],
          nbest: o['n-best'],
          alignment: o.alignment !== 'none' || o['attention-svg'] !== undefined,
        },
      };
      const stopHandling = abortOnSignals(signals, interrupt);
      try {
        return await runPlan(plan, deps, settings, io, { force: o.force, sink });
      } finally {
        stopHandling();
        progress.finish();
        await opened.close?.();
      }
    },
  });
}

/**
 * Runs every job of `plan`; a job that fails is reported (one line naming the path) and the next one runs. Exit code:
 * 0 when all succeeded, 1 when any failed or any input was damaged; a closed stdout stops the run quietly (0).
 */
async function runPlan(
  plan: Plan,
  deps: TranslateDeps | RemoteLines,
  settings: StreamSettings,
  io: CliIO,
  options: { force: boolean; sink: ProgressSink },
): Promise<number> {
  let failures = 0;
  const report = (outcome: StreamOutcome, name: string): void => {
    if (!outcome.damaged) return;
    failures++;
    io.stderr.write(
      `s2s translate: ${name}: the input is damaged (see its error record); the records before the damage were translated\n`,
    );
  };
  const jobs = plan.stdin && plan.jobs.length === 0 ? [{ source: '-', target: '-' }] : plan.jobs;
  for (const job of jobs) {
    try {
      if (job.error !== undefined) throw job.error;
      if (
        plan.resumable &&
        !options.force &&
        (await stat(job.target).then(
          (s) => s.isFile(),
          () => false,
        ))
      ) {
        options.sink.line(`skip ${job.target} (done; --force to redo)`);
        continue;
      }
      const name = job.source === '-' ? 'standard input' : job.source;
      if (job.target !== '-') {
        report(
          await files.translateFile(job.source === '-' ? io.stdin : job.source, job.target, deps, settings, name),
          name,
        );
        // A long multi-file run says how far it is, also in a log file (the live line is only on a terminal).
        if (jobs.length > 1) options.sink.line(`wrote ${job.target} (${jobs.indexOf(job) + 1} of ${jobs.length})`);
      } else if (job.source === '-')
        report(await files.translateToStdout(io.stdin, io.stdout, deps, settings, name), name);
      else report(await files.translateFileToStdout(job.source, io.stdout, deps, settings), name);
    } catch (err) {
      if (isBrokenPipe(err)) {
        io.stdin.destroy();
        return 0;
      }
      const interrupted = interruptedExitCode(err);
      if (interrupted !== undefined) {
        io.stdin.destroy();
        const kept = job.target === '-' ? 'the lines before it were written' : `${job.target} was not written`;
        io.stderr.write(
          `s2s translate: ${(err as Error).message}: ${kept}${plan.resumable ? ' (a rerun goes on from there)' : ''}\n`,
        );
        return interrupted;
      }
      if (!(err instanceof S2SError)) throw err;
      failures++;
      io.stderr.write(`s2s translate: ${err.message}\n`);
    }
  }
  return failures > 0 ? 1 : 0;
}

export const translateCommand = makeTranslateCommand();
