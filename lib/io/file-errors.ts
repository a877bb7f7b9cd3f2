/**
 * File-system failures in words: `fileError(err, path, action)` turns a Node errno error (ENOENT, EACCES, ENOSPC,
 * EROFS, EISDIR…) into a `FileError` whose one-line message names the path, what went wrong and the fix. Anything
 * that is not an errno error is returned unchanged, so callers can `throw fileError(err, path, 'read')` in any catch.
 *
 * @example
 * try { await writeFile(out, text); } catch (err) { throw fileError(err, out, 'write'); }
 */
import { FileError } from '../errors.js';

export type FileAction = 'read' | 'write' | 'list' | 'create';

/** Per errno: the error code, what happened, and how to fix it. */
const KNOWN: Record<string, { code: ConstructorParameters<typeof FileError>[0]; what: string; fix: string }> = {
  ENOENT: { code: 'E_FILE_MISSING', what: 'no such file or directory', fix: 'check the path' },
  ENOTDIR: { code: 'E_FILE_MISSING', what: 'a part of the path is not a directory', fix: 'check the path' },
  EACCES: {
    code: 'E_FILE_UNREADABLE',
    what: 'permission denied',
    fix: 'check the permissions (ls -l) or choose another path',
  },
  EPERM: {
    code: 'E_FILE_UNREADABLE',
    what: 'operation not permitted',
    fix: 'check the permissions (ls -l) or choose another path',
  },
  EISDIR: {
    code: 'E_FILE_IS_DIRECTORY',
    what: 'it is a directory',
    fix: 'give the path of a file (s2s translate also takes a directory of inputs with -o DIR)',
  },
  ENOSPC: { code: 'E_DISK_FULL', what: 'no space left on the device', fix: 'free some space or write to another disk' },
  EDQUOT: { code: 'E_DISK_FULL', what: 'disk quota exceeded', fix: 'free some space or write to another disk' },
  EROFS: { code: 'E_FILE_UNWRITABLE', what: 'read-only file system', fix: 'write to a writable location' },
  EMFILE: {
    code: 'E_FILE_UNREADABLE',
    what: 'too many open files',
    fix: 'raise the limit (ulimit -n) or give fewer files at once',
  },
  ENAMETOOLONG: { code: 'E_FILE_MISSING', what: 'file name too long', fix: 'use a shorter path' },
  ELOOP: { code: 'E_FILE_MISSING', what: 'too many levels of symbolic links', fix: 'fix the symbolic link loop' },
  EIO: { code: 'E_FILE_UNREADABLE', what: 'input/output error', fix: 'check the device' },
  EEXIST: { code: 'E_FILE_UNWRITABLE', what: 'it already exists', fix: 'remove it or choose another path' },
};

/** Whether `err` is a Node system error with an errno code. */
export function isErrnoError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  return (
    err instanceof Error &&
    typeof (err as NodeJS.ErrnoException).code === 'string' &&
    /^E[A-Z]+$/.test((err as NodeJS.ErrnoException).code!)
  );
}

/** A `FileError` naming `path` for a system error; any other value is returned as it is. */
export function fileError(err: unknown, path: string, action: FileAction): unknown {
  if (!isErrnoError(err)) return err;
  const known = KNOWN[err.code];
  const code = known?.code ?? (action === 'read' || action === 'list' ? 'E_FILE_UNREADABLE' : 'E_FILE_UNWRITABLE');
  const what = known?.what ?? err.code;
  const fix = known?.fix ?? 'check the path and the device';
  return new FileError(code, `cannot ${action} ${path}: ${what} (${err.code}); ${fix}`, {
    details: { path, errno: err.code, action },
    cause: err,
  });
}
