/**
 * Python `str` behaviour that sacreBLEU's results depend on, reproduced for JavaScript strings:
 *
 * - whitespace is what Python's `str.split()` / `str.strip()` treat as whitespace (Unicode `White_Space` plus the
 *   ASCII separators U+001C–U+001F and U+0085; unlike JavaScript's `\s`, U+FEFF is *not* whitespace);
 * - characters are Unicode code points (Python indexes strings by code point, JavaScript by UTF-16 unit).
 */

/** One Python whitespace character. */
const PY_WHITESPACE_CHARS =
  '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const RUN = new RegExp(`[${PY_WHITESPACE_CHARS}]+`, 'gu');
const LEADING = new RegExp(`^[${PY_WHITESPACE_CHARS}]+`, 'u');
const TRAILING = new RegExp(`[${PY_WHITESPACE_CHARS}]+$`, 'u');

/** Python `s.split()`: fields separated by runs of whitespace, no empty fields. */
export function pySplit(s: string): string[] {
  return s.split(RUN).filter((field) => field.length > 0);
}

/** Python `s.rstrip()`. */
export function pyRstrip(s: string): string {
  return s.replace(TRAILING, '');
}

/** Python `s.strip()`. */
export function pyStrip(s: string): string {
  return s.replace(LEADING, '').replace(TRAILING, '');
}

/** Python `''.join(s.split())`: the string with every whitespace character removed. */
export function pyRemoveWhitespace(s: string): string {
  return s.replace(RUN, '');
}

/** The string's Unicode code points, as Python sees its characters. */
export function codePoints(s: string): string[] {
  return Array.from(s);
}
