/**
 * Errors the HTTP layer answers with a status: `RequestError` carries the status, a stable code and, for 503/429,
 * the seconds after which a retry may succeed (`Retry-After`). The error handler turns any of them into
 * `{ "error": message }` (LibreTranslate's shape), with `code` and `details` alongside for programs.
 */
import { S2SError } from '../lib/errors.js';

export class RequestError extends S2SError {
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 415 | 429 | 500 | 503,
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; retryAfter?: number } = {},
  ) {
    super(code, message, options.details === undefined ? {} : { details: options.details });
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
  }

  /** Seconds for `Retry-After` (503 and 429 only). */
  readonly retryAfter?: number;
}

/** 503: the queue cannot take `wanted` more sentences now. */
export function overloaded(wanted: number, queued: number, capacity: number, retryAfter: number): RequestError {
  return new RequestError(
    503,
    'E_OVERLOADED',
    `server busy: ${queued} of ${capacity} sentences queued, this request needs ${wanted} more; retry after ${retryAfter} s`,
    {
      details: { wanted, queued, capacity },
      retryAfter,
    },
  );
}
