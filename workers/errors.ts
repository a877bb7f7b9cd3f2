/** Errors of the Redis worker pool (codes are stable; see `lib/errors.ts` for the family). */
import { S2SError } from '../lib/errors.js';

/**
 * `E_NO_WORKER`: lines were waiting and no worker answered within the client's timeout (no worker runs for the
 * pair, or all are stuck). `E_REDIS_URL`: the `--redis` value is not a `redis://` / `rediss://` URL.
 */
export class WorkerPoolError extends S2SError {
  constructor(code: 'E_NO_WORKER' | 'E_REDIS_URL', message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
  }
}

/** The failure code a client receives for a line that was moved to the dead-letter stream. */
export const DEAD_LETTER_CODE = 'E_DEAD_LETTER';
