/**
 * One rule for every size and count a user can set (CLI flags, server request fields, worker options): the value
 * must be a finite number, an integer where asked, inside `[min, max]`. A bad value is an `OptionError` that names
 * the option, the allowed range and the value found, so a usage error reads the same everywhere.
 *
 * @example
 * const concurrency = checkBounded('--concurrency', raw, { min: 1, max: 64 });
 */
import { OptionError } from '../errors.js';

/** One day: the longest delay a timer option takes (a longer one overflows setTimeout's 2^31 − 1 ms and fires at once). */
export const MAX_TIMER_MS = 86_400_000;

export interface Bounds {
  min: number;
  max: number;
  /** Require an integer (default true). */
  integer?: boolean;
  /** Why the upper bound exists, appended to the message (e.g. 'memory grows with it'). */
  reason?: string;
}

/**
 * `value` if it is a finite number (an integer unless `integer: false`) in `[min, max]`.
 * @throws OptionError E_OPTION_INVALID naming `name`, the range and the value.
 */
export function checkBounded(name: string, value: unknown, bounds: Bounds): number {
  const integer = bounds.integer ?? true;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    value >= bounds.min &&
    value <= bounds.max;
  if (ok) return value;
  const kind = integer ? 'an integer' : 'a number';
  const reason = bounds.reason ? ` (${bounds.reason})` : '';
  throw new OptionError(
    'E_OPTION_INVALID',
    `${name} must be ${kind} from ${bounds.min} to ${bounds.max}${reason}, got ${JSON.stringify(value) ?? String(value)}`,
    {
      option: name,
      value,
      min: bounds.min,
      max: bounds.max,
    },
  );
}
