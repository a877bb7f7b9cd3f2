/**
 * Character-level hygiene for one line of text, applied before tokenization:
 *
 * - U+FEFF (byte-order mark / zero-width no-break space) is removed wherever it occurs;
 * - tab, line feed, vertical tab, form feed, carriage return, NEL (U+0085), LINE SEPARATOR (U+2028) and
 *   PARAGRAPH SEPARATOR (U+2029) become one space each (they separate words);
 * - every other C0 control (U+0000–U+001F, NUL included), DEL (U+007F) and C1 control (U+0080–U+009F) is removed.
 *
 * Unicode normalisation is separate (normalize.ts) so callers can choose it.
 */

export interface CleanedText {
  text: string;
  /** Characters removed (controls and BOMs); characters turned into spaces are not counted. */
  removed: number;
}

const TO_SPACE = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const TO_REMOVE = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFEFF]/g;
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\uFEFF]/;

/** Applies the rules in the module comment. */
export function cleanText(text: string): CleanedText {
  if (!ANY_CONTROL.test(text)) return { text, removed: 0 };
  let removed = 0;
  const out = text.replace(TO_SPACE, ' ').replace(TO_REMOVE, () => {
    removed++;
    return '';
  });
  return { text: out, removed };
}
