/**
 * `s2s translate --redis URL`: the worker pool in place of the local model. Returns what the translate command
 * plugs into its streaming path: lines in, one result per line out in input order, the command's credit window
 * shared (so reading the input pauses while `--max-in-flight` lines are out) and its progress counted.
 */
import { tap, type Observable } from 'rxjs';
import type { Credits } from '../pipelines/credits.js';
import type { TranslationProgress } from '../pipelines/formats/progress.js';
import type { TranslationResult } from '../pipelines/translate.js';
import type { LineInput } from '../pipelines/types.js';
import { modelPair, type RemoteTranslateOptions } from './protocol.js';
import { RedisTranslationClient } from './redis-translation-client.js';

/** Lines → results through the pool. */
export type RemoteLines = (
  lines: Observable<LineInput>,
  options: { credits: Credits; progress?: TranslationProgress },
) => Observable<TranslationResult>;

export interface RemoteTranslation {
  /** Shown by the progress line instead of a TensorFlow.js backend. */
  backend: string;
  lines: RemoteLines;
  close(): Promise<void>;
}

/**
 * @param url Redis URL.
 * @param model The `--model` argument: names the pair the same way workers do (`en-es.s2s`, `en-es` or `PAIR=FILE`).
 */
export function openRemoteTranslation(
  url: string,
  model: string,
  options: RemoteTranslateOptions,
  client: { timeoutMs: number; onConnectionError?: (err: Error) => void },
): RemoteTranslation {
  const { pair } = modelPair(model);
  const remote = new RedisTranslationClient(url, {
    pair,
    options,
    timeoutMs: client.timeoutMs,
    ...(client.onConnectionError === undefined ? {} : { onConnectionError: client.onConnectionError }),
  });
  return {
    backend: `redis workers (${pair})`,
    lines: (lines, { credits, progress }) => {
      const results = remote.translate(lines, { credits });
      return progress === undefined ? results : results.pipe(tap((r) => progress.update(r)));
    },
    close: () => remote.close(),
  };
}
