/** Messages between the page (page.ts) and the decoding Web Worker (worker.ts). */
import type { NBestEntry } from '../../pipelines/translation.js';

/** Decoding settings chosen on the page. */
export interface SearchSettings {
  /** 1 = greedy search. */
  beamSize: number;
  /** N-best entries kept per line (≤ beamSize). */
  nBest: number;
}

export type PageToWorker =
  | { type: 'open'; modelUrl: string; wasmPaths: string }
  /** Translate these lines (only the ones the page has no translation for); `request` numbers the answer. */
  | { type: 'translate'; request: number; settings: SearchSettings; lines: readonly string[] };

/** One translated line, ready to show. */
export interface LineTranslation {
  text: string;
  nbest: NBestEntry[];
  /** Target tokens of the best hypothesis (for tokens/s). */
  tokens: number;
  /** Attention heatmap input, for lines translated as one sentence. */
  attention?: { source: string[]; target: string[]; weights: number[][] };
  /** Set when this line failed (the others still translate). */
  error?: string;
}

export type WorkerToPage =
  | { type: 'progress'; loaded: number; total: number | undefined }
  | { type: 'ready'; backend: string }
  | { type: 'line'; request: number; index: number; source: string; result: LineTranslation }
  /** All lines of `request` are answered; `tokens` target tokens took `seconds` of decoding. */
  | { type: 'done'; request: number; tokens: number; seconds: number }
  | { type: 'error'; message: string; code?: string };
