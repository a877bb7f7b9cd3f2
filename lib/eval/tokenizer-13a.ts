/**
 * The `13a` tokenizer: sacreBLEU's re-implementation of the tokenisation in WMT's `mteval-v13a.pl`, the default
 * tokenizer of sacreBLEU's BLEU. Same rules, applied in this order (sacreBLEU 2.x, `tokenizer_13a.py` +
 * `tokenizer_re.py`):
 *
 * 1. remove every `<skipped>`; join lines broken after a hyphen (`-\n` → ``); other `\n` → space;
 * 2. unescape `&quot;` → `"`, `&amp;` → `&`, `&lt;` → `<`, `&gt;` → `>` (in that order, one pass each);
 * 3. pad the line with one space on each side;
 * 4. put spaces around every ASCII symbol in `{|}~`, `[\]^_\``, space to `&`, `(` to `+`, `:` to `@`, and `/`
 *    (i.e. all ASCII punctuation except `'`, `,`, `-` and `.`);
 * 5. split off `.` and `,` unless preceded by a digit: `(non-digit)([.,])` → `$1 $2 `;
 * 6. split off `.` and `,` unless followed by a digit: `([.,])(non-digit)` → ` $1 $2`;
 * 7. split off `-` after a digit: `(digit)-` → `$1 - `;
 * 8. collapse whitespace runs (Python's definition of whitespace) to one space and trim.
 *
 * Steps 4–7 are each one left-to-right pass of non-overlapping matches (Python `re.sub`, JavaScript `/g`), so
 * `1.5` stays one token while `a.b` becomes `a . b`. Digits are ASCII `0-9` only.
 *
 * @example tokenize13a('Hello, world: 3-4 (1.5).') === 'Hello , world : 3 - 4 ( 1.5 ) .'
 */
import { pySplit } from './python-text.js';

const STEPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/([\u007b-\u007e\u005b-\u0060\u0020-\u0026\u0028-\u002b\u003a-\u0040\u002f])/gu, ' $1 '],
  [/([^0-9])([.,])/gu, '$1 $2 '],
  [/([.,])([^0-9])/gu, ' $1 $2'],
  [/([0-9])(-)/gu, '$1 $2 '],
];

/** Tokenizes one segment with the 13a rules (see the file comment); returns tokens joined by single spaces. */
export function tokenize13a(line: string): string {
  let s = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  s = ` ${s} `;
  for (const [pattern, replacement] of STEPS) s = s.replace(pattern, replacement);
  return pySplit(s).join(' ');
}
