/** Options of a `TranslationWorker` and their defaults (one owner: `resolveWorkerOptions`). */
import type { StreamKeys } from './protocol.js';

export interface TranslationWorkerOptions {
  keys: StreamKeys;
  /** Consumer name, unique in the group (e.g. `host:pid`). */
  consumer: string;
  /** Entries held at once (default 64). */
  prefetch?: number;
  /** An entry pending this long without activity is taken over (default 30 000 ms). */
  claimIdleMs?: number;
  /** Deliveries after which an entry is dead-lettered (default 3). */
  maxDeliveries?: number;
  /** Longest blocking read; bounds how long `stop()` waits for the read loop (default 1000 ms). */
  blockMs?: number;
  /** Approximate bound of each reply stream (default 100 000). */
  replyMaxLen?: number;
  /** Approximate bound of the dead-letter stream (default 10 000). */
  deadLetterMaxLen?: number;
  /** Reply streams expire this long after the last reply (default 3600 s). */
  replyTtlSeconds?: number;
  /** TEST ONLY: crash on lines containing this marker (see test-crash-hook.ts). */
  crashOn?: string;
  /** Progress and problems, one line each. */
  log?: (line: string) => void;
}

export type ResolvedWorkerOptions = Required<Omit<TranslationWorkerOptions, 'crashOn'>> &
  Pick<TranslationWorkerOptions, 'crashOn'>;

/** The options with every default filled in. */
export function resolveWorkerOptions(options: TranslationWorkerOptions): ResolvedWorkerOptions {
  return {
    prefetch: 64,
    claimIdleMs: 30_000,
    maxDeliveries: 3,
    blockMs: 1000,
    replyMaxLen: 100_000,
    deadLetterMaxLen: 10_000,
    replyTtlSeconds: 3600,
    log: () => undefined,
    ...options,
  };
}
