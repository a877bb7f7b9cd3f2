/**
 * The translation page: the source text area is translated line by line as you type. Decoding runs in a Web Worker
 * (worker.ts); the page only keeps the line cache, sends the lines it has no translation for, and shows each
 * answer as it arrives, in order. For automated checks it keeps a small contract: `textarea#source`, the output
 * `#translation` (its text is one line per source line), `document.body.dataset.state` = loading | ready |
 * translating | done | error, and the `beam` / `nbest` query parameters.
 */
import { LineCache } from './line-cache.js';
import type { PageToWorker, SearchSettings, WorkerToPage } from './protocol.js';
import { renderDetails, renderTranslation } from './render.js';

type PageState = 'loading' | 'ready' | 'translating' | 'done' | 'error';

/** Quiet time after a keystroke before the changed lines are sent (ms). */
const TYPING_PAUSE_MS = 150;
const MAX_BEAM = 16;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const source = $<HTMLTextAreaElement>('source');
const output = $<HTMLOutputElement>('translation');
const beamInput = $<HTMLInputElement>('beam');
const nbestInput = $<HTMLInputElement>('nbest');
const status = $<HTMLParagraphElement>('status');
const download = $<HTMLProgressElement>('download');
const backendLabel = $<HTMLElement>('backend');
const speedLabel = $<HTMLElement>('speed');
const details = $<HTMLElement>('details');

const params = new URL(location.href).searchParams;
beamInput.value = String(clampInt(params.get('beam'), 5, 1, MAX_BEAM));
nbestInput.value = String(clampInt(params.get('nbest'), 1, 1, Number(beamInput.value)));

const cache = new LineCache();
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
/** The request in flight, with the settings it was sent with. */
let inFlight: { request: number; settings: SearchSettings } | undefined;
let nextRequest = 1;
let typingTimer: ReturnType<typeof setTimeout> | undefined;
let selected: number | undefined;
/** Decoding totals since the page loaded: lines translated, target tokens, seconds. */
const speed = { lines: 0, tokens: 0, seconds: 0 };

function setState(state: PageState): void {
  document.body.dataset['state'] = state;
}

function send(message: PageToWorker): void {
  worker.postMessage(message);
}

function settings(): SearchSettings {
  const beamSize = clampInt(beamInput.value, 5, 1, MAX_BEAM);
  return { beamSize, nBest: clampInt(nbestInput.value, 1, 1, beamSize) };
}

function lines(): string[] {
  return source.value.split('\n');
}

/** Sends the lines without a translation, or marks the page done when there are none. */
function request(): void {
  if (document.body.dataset['state'] === 'loading' || document.body.dataset['state'] === 'error') return;
  // a change made while a request is in flight is picked up when it is done
  if (inFlight) return;
  const current = settings();
  render();
  if (source.value === '') {
    setState('ready');
    return;
  }
  const missing = cache.missing(current, lines());
  if (missing.length === 0) {
    setState('done');
    return;
  }
  setState('translating');
  inFlight = { request: nextRequest++, settings: current };
  send({ type: 'translate', request: inFlight.request, settings: current, lines: missing });
}

function render(): void {
  const current = settings();
  const shown = lines().map((line) => cache.get(current, line));
  renderTranslation(output, shown, selected, select);
  const chosen = selected === undefined ? undefined : shown[selected];
  renderDetails(details, selected, chosen);
}

function select(index: number): void {
  selected = index;
  render();
  (output.querySelector(`[data-index="${index}"]`) as HTMLElement | null)?.focus();
}

function onWorkerMessage(message: WorkerToPage): void {
  switch (message.type) {
    case 'progress':
      if (message.total !== undefined) download.max = message.total;
      download.value = message.loaded;
      status.textContent = `Downloading the model: ${(message.loaded / 1e6).toFixed(1)}${message.total === undefined ? '' : ` of ${(message.total / 1e6).toFixed(1)}`} MB`;
      return;
    case 'ready':
      download.hidden = true;
      backendLabel.textContent = message.backend;
      status.textContent = 'Model ready: type or paste English text, one sentence per line.';
      setState('ready');
      request();
      return;
    case 'line':
      speed.lines += 1;
      speedLabel.dataset['lines'] = String(speed.lines);
      if (inFlight?.request === message.request) cache.set(inFlight.settings, message.source, message.result);
      render();
      return;
    case 'done':
      speed.tokens += message.tokens;
      speed.seconds += message.seconds;
      showSpeed(message.tokens, message.seconds);
      inFlight = undefined;
      request();
      return;
    case 'error':
      status.textContent = `Error${message.code ? ` ${message.code}` : ''}: ${message.message}`;
      status.setAttribute('role', 'alert');
      inFlight = undefined;
      setState('error');
      return;
  }
}

function showSpeed(tokens: number, seconds: number): void {
  const rate = (t: number, s: number): string => (s > 0 ? `${Math.round(t / s)}` : '—');
  speedLabel.textContent = `${rate(speed.tokens, speed.seconds)} tokens/s (last: ${tokens} tokens in ${seconds.toFixed(2)} s)`;
  speedLabel.dataset['tokens'] = String(speed.tokens);
  speedLabel.dataset['seconds'] = String(speed.seconds);
}

function clampInt(value: string | null, fallback: number, min: number, max: number): number {
  const n = Number(value);
  return value === null || value === '' || !Number.isInteger(n) ? fallback : Math.min(max, Math.max(min, n));
}

worker.onmessage = (event: MessageEvent<WorkerToPage>) => onWorkerMessage(event.data);
worker.onerror = (event) =>
  onWorkerMessage({ type: 'error', message: event.message || 'the decoding worker failed to start' });
source.addEventListener('input', () => {
  if (document.body.dataset['state'] !== 'loading' && document.body.dataset['state'] !== 'error')
    setState('translating');
  clearTimeout(typingTimer);
  typingTimer = setTimeout(request, TYPING_PAUSE_MS);
});
for (const input of [beamInput, nbestInput]) {
  input.addEventListener('change', () => {
    nbestInput.max = beamInput.value;
    if (Number(nbestInput.value) > Number(beamInput.value)) nbestInput.value = beamInput.value;
    request();
  });
}
nbestInput.max = beamInput.value;
setState('loading');
send({
  type: 'open',
  modelUrl: params.get('model') ?? new URL('model.s2s', location.href).href,
  wasmPaths: new URL('./', import.meta.url).href,
});
