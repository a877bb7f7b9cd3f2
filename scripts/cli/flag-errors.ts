/**
 * The CLI is the one place that words errors in terms of flags. Library code validates typed options and reports a
 * bad field as `details` = { field, expected, value } (`FieldErrorDetails`, lib/errors.ts); `withFlagErrors` turns such
 * an error into an `OptionError` (exit status 2) about the command's flag for that field: `--beam-size must be an
 * integer ≥ 1, got 0`.
 */
import { OptionError, S2SError, type FieldErrorDetails } from '../../lib/errors.js';

/** field → flag (with its dashes), for the fields a command exposes. */
export type FlagTable = Readonly<Record<string, string>>;

function fieldDetails(err: unknown): FieldErrorDetails | undefined {
  if (!(err instanceof S2SError)) return undefined;
  const { field, expected } = err.details;
  return typeof field === 'string' && typeof expected === 'string'
    ? { field, expected, value: err.details['value'] }
    : undefined;
}

/** `err` reworded for the flag of its field when `flags` has one, else `err` itself. */
export function inFlagTerms(err: unknown, flags: FlagTable): unknown {
  const details = fieldDetails(err);
  const flag = details && flags[details.field];
  if (!details || !flag) return err;
  return new OptionError(
    'E_OPTION_INVALID',
    `${flag} must be ${details.expected}, got ${JSON.stringify(details.value) ?? String(details.value)}`,
    { ...details, option: flag },
  );
}

/**
 * Runs `resolve` (a library validator or loader); an error about a field in `flags` is reworded for that flag.
 * @throws OptionError E_OPTION_INVALID naming the flag; other errors unchanged
 */
export function withFlagErrors<T>(flags: FlagTable, resolve: () => T): T {
  try {
    const result = resolve();
    if (result instanceof Promise) {
      return result.catch((err: unknown) => {
        throw inFlagTerms(err, flags);
      }) as T;
    }
    return result;
  } catch (err) {
    throw inFlagTerms(err, flags);
  }
}
