/**
 * The project's error family. Every error carries a stable `code` (for programs), a message that says what was
 * expected, what was found and how to fix it (for people), and the offending value in `details` where useful.
 *
 * Codes are grouped by the subclass that raises them; callers switch on `code`, not on message text.
 */

/** Base class: `code` is stable across versions, `details` is structured context. */
export class S2SError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** A tensor argument has the wrong rank, shape or dtype. Message form: `op: arg must be [B, S, H], got [4, 7]`. */
export class ShapeError extends S2SError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('E_SHAPE', message, { details });
  }
}

/** A requested backend cannot be loaded (package missing, native library missing, no GPU). */
export class BackendError extends S2SError {
  constructor(
    code: 'E_BACKEND_UNAVAILABLE' | 'E_BACKEND_UNKNOWN',
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/** A command-line option or config field is unknown, missing or out of range. */
export class OptionError extends S2SError {
  constructor(
    code: 'E_OPTION_UNKNOWN' | 'E_OPTION_INVALID' | 'E_OPTION_MISSING',
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, { details });
  }
}

/** Input text or data that cannot be used as given (line-count mismatch, missing column, empty corpus…). */
export class DataError extends S2SError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
  }
}

/** A checkpoint file that is missing, truncated, corrupt, of the wrong kind or from a newer format version. */
export class CheckpointError extends S2SError {
  constructor(
    code:
      | 'E_CHECKPOINT_MISSING'
      | 'E_CHECKPOINT_TRUNCATED'
      | 'E_CHECKPOINT_CORRUPT'
      | 'E_CHECKPOINT_KIND'
      | 'E_CHECKPOINT_VERSION'
      | 'E_CHECKPOINT_NOT_FILE'
      | 'E_CHECKPOINT_TOO_LARGE',
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/** An external tool (e.g. `spm_train`) is not installed or failed. */
export class ToolError extends S2SError {
  constructor(code: 'E_TOOL_MISSING' | 'E_TOOL_FAILED', message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
  }
}

/** What an `invalidField` error carries in `details`: enough for a caller (the CLI) to word it in its own terms. */
export interface FieldErrorDetails {
  /** The option's field name in the library's types, e.g. `beamSize`. */
  field: string;
  /** What the field must be, e.g. `an integer ≥ 1`. */
  expected: string;
  /** The value found. */
  value: unknown;
}

/**
 * The error of an options object whose field is out of range: `<scope> <field> must be <expected>, got <value>`, with
 * `details` = `FieldErrorDetails`. Library code words errors by field; only the CLI words them by flag.
 * @param scope what the options are, e.g. `decode option`, `model config`
 */
export function invalidField(scope: string, field: string, expected: string, value: unknown): OptionError {
  const details: FieldErrorDetails = { field, expected, value };
  return new OptionError(
    'E_OPTION_INVALID',
    `${scope} ${field} must be ${expected}, got ${JSON.stringify(value) ?? String(value)}`,
    { ...details },
  );
}

/**
 * A file-system operation failed on a path the user gave (missing file, not a regular file, too large, no permission,
 * disk full, read-only file system…). The message names the path and the fix; `details.path` holds the path and
 * `details.errno` the system code where there was one.
 */
export class FileError extends S2SError {
  constructor(
    code:
      | 'E_FILE_MISSING'
      | 'E_FILE_NOT_REGULAR'
      | 'E_FILE_TOO_LARGE'
      | 'E_FILE_UNREADABLE'
      | 'E_FILE_UNWRITABLE'
      | 'E_FILE_IS_DIRECTORY'
      | 'E_DISK_FULL',
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/** An object used after `close()` / `dispose()` (a translator, a service). */
export class ClosedError extends S2SError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('E_CLOSED', message, { details });
  }
}

/** What `ModelMismatchError` says differs. */
export type ModelMismatchCode =
  'E_MISMATCH_KIND' | 'E_MISMATCH_CONFIG' | 'E_MISMATCH_TOKENIZER' | 'E_MISMATCH_VOCAB' | 'E_MISMATCH_WEIGHTS';

/**
 * Models that cannot be combined: ensemble members with different vocabularies or tokenizers, checkpoints to average
 * with different kinds, configs, tokenizers or weight shapes. `details` names the file or member and what differs.
 */
export class ModelMismatchError extends S2SError {
  constructor(code: ModelMismatchCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
  }
}
