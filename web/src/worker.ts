/**
 * The decoding Web Worker: opens the model (posting download progress), then translates the lines the page sends,
 * posting each line's translation as soon as it is ready, in order, so typing on the page never waits for the model.
 * The lines go through the same pipeline as `s2s translate` (translateLines with its long-line splitter), so the
 * page's translations are the CLI's.
 */
import { from, lastValueFrom, tap } from 'rxjs';
import { openTranslator } from '../../lib/browser.js';
import type { OpenedTranslator } from '../../lib/models/open-translator.js';
import { Seq2SeqTranslator } from '../../lib/models/seq2seq-translator.js';
import { resolveDecodeOptions } from '../../lib/decode/options.js';
import { translateLines } from '../../pipelines/translate-lines.js';
import { longLineSplitter } from '../../pipelines/long-line-splitter.js';
import type { TranslationResult } from '../../pipelines/translate.js';
import type { LineTranslation, PageToWorker, SearchSettings, WorkerToPage } from './protocol.js';

/** `s2s translate`'s `--max-source-tokens` default: longer lines are cut and translated in pieces. */
const MAX_SOURCE_TOKENS = 128;
/** Lines per batch: small, so that the first lines of a long paste show early. */
const MAX_SENTENCES = 4;

/** The worker's global scope, typed by the messages it exchanges. */
const scope = globalThis as unknown as {
  postMessage(message: WorkerToPage): void;
  onmessage: ((event: MessageEvent<PageToWorker>) => void) | null;
};
const post = (message: WorkerToPage): void => scope.postMessage(message);

let opened: OpenedTranslator | undefined;
/** One translator per search setting, all over the opened model (a translator owns no weights of its own). */
const translators = new Map<string, Seq2SeqTranslator>();
/** Requests run one after another, in arrival order. */
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event) => {
  const message = event.data;
  queue = queue
    .then(() =>
      message.type === 'open'
        ? open(message.modelUrl, message.wasmPaths)
        : translate(message.request, message.settings, message.lines),
    )
    .catch(report);
};

async function open(modelUrl: string, wasmPaths: string): Promise<void> {
  opened = await openTranslator(modelUrl, {
    wasmPaths,
    onProgress: (loaded, total) => post({ type: 'progress', loaded, total }),
  });
  post({ type: 'ready', backend: opened.backend });
}

function translatorFor(settings: SearchSettings): Seq2SeqTranslator {
  const key = `${settings.beamSize}/${settings.nBest}`;
  let translator = translators.get(key);
  if (!translator) {
    const options = resolveDecodeOptions({ beamSize: settings.beamSize, nBest: settings.nBest, alignment: 'soft' });
    translator = new Seq2SeqTranslator((opened!.translator as Seq2SeqTranslator).model, options);
    translators.set(key, translator);
  }
  return translator;
}

async function translate(request: number, settings: SearchSettings, lines: readonly string[]): Promise<void> {
  if (!opened) throw new Error('the model is not open yet');
  const deps = { ...opened, translator: translatorFor(settings) };
  const splitter = longLineSplitter((text) => deps.sourceTokenizer.encode(text).length, MAX_SOURCE_TOKENS);
  let tokens = 0;
  const started = performance.now();
  const results = translateLines(from(lines), deps, {
    splitter,
    nbest: settings.nBest,
    alignment: true,
    batch: { maxSentences: MAX_SENTENCES, maxWait: 0 },
  });
  await lastValueFrom(
    results.pipe(
      tap((result) => {
        const line = toLine(result, deps.sourceTokenizer.encodePieces.bind(deps.sourceTokenizer));
        tokens += line.tokens;
        post({ type: 'line', request, index: result.seq, source: result.source, result: line });
      }),
    ),
    { defaultValue: undefined },
  );
  post({ type: 'done', request, tokens, seconds: (performance.now() - started) / 1000 });
}

function toLine(result: TranslationResult, sourcePieces: (text: string) => string[]): LineTranslation {
  if (!result.data.ok)
    return { text: '', nbest: [], tokens: 0, error: `${result.data.error.code}: ${result.data.error.message}` };
  const value = result.data.value;
  const line: LineTranslation = { text: value.text, nbest: value.nbest, tokens: value.tokens };
  if (value.alignment && value.targetPieces)
    line.attention = {
      source: [...sourcePieces(result.source), '</s>'],
      target: value.targetPieces,
      weights: value.alignment,
    };
  return line;
}

function report(err: unknown): void {
  const code =
    typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
  post({
    type: 'error',
    message: err instanceof Error ? err.message : String(err),
    ...(code === undefined ? {} : { code }),
  });
}
