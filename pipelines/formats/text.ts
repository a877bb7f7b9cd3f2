/**
 * Plain-text format: one line in, one line out. A failed line is written as an empty line (so line numbers still
 * match) and its error goes to `stderr` as `line N (id): CODE: message`. Newlines inside a translation are replaced
 * by spaces so one input line never becomes two output lines.
 *
 * @example
 * toWritable(results$, process.stdout, { format: (r) => formatText(r, process.stderr) })
 */
import type { TranslationResult } from '../translate.js';

/** Anything with `write(string)` (process.stderr, a Writable, a test collector). */
export interface MessageSink {
  write(message: string): unknown;
}

/** One output line (with its '\n') for one result; errors are reported to `stderr`. */
export function formatText(result: TranslationResult, stderr?: MessageSink): string {
  if (result.data.ok) return `${result.data.value.text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')}\n`;
  stderr?.write(
    `line ${result.seq + 1}${result.id === undefined ? '' : ` (${String(result.id)})`}: ${result.data.error.code}: ${result.data.error.message}\n`,
  );
  return '\n';
}
