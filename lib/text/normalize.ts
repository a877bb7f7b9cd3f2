/**
 * Unicode normalisation consistent with SentencePiece's default rule `nmt_nfkc` (the rule our models are trained
 * with), so that text normalised here is left unchanged by the model's own normaliser and
 * `decode(encode(normalizeText(s))) === normalizeText(s)` (property-tested in spec/text/).
 *
 *   normalizeText(s) = squash(nmtSpaces(NFKC(cleanText(s))))
 *
 * where cleanText removes/turns controls into spaces (clean-text.ts); NFKC is String.prototype.normalize('NFKC'),
 * which also maps the many Unicode space characters (U+00A0, U+2000–U+200A, U+3000, …) to U+0020; nmtSpaces maps
 * the characters that `nmt_nfkc` adds to NFKC as spaces — U+1680 OGHAM SPACE MARK, U+200B ZERO WIDTH SPACE,
 * U+200C ZERO WIDTH NON-JOINER, U+200E/U+200F LEFT-/RIGHT-TO-LEFT MARK, U+2581 LOWER ONE EIGHTH BLOCK (the piece
 * space marker `▁`), U+FFFD REPLACEMENT CHARACTER — to U+0020 (found by comparing every code point against the
 * model, see spec/text/sentencepiece.spec.ts); squash removes leading and trailing spaces and collapses runs of
 * spaces into one, as SentencePiece's `remove_extra_whitespaces` (its default) does.
 *
 * Characters the model keeps although Node's NFKC maps them are left as they are: U+FF5E FULLWIDTH TILDE (an
 * `nmt_nfkc` exception) and characters whose NFKC mapping is newer than the Unicode tables compiled into
 * SentencePiece (U+A7F1–U+A7F4, U+10781–U+107BA, U+1CCD6–U+1CCF9, U+1E030–U+1E06D). Remaining known gap: U+0344
 * COMBINING GREEK DIALYTIKA TONOS after a letter composes differently.
 */
import { cleanText } from './clean-text.js';

const SPACE_RUN = / {2,}/g;
/** Characters NFKC would change but the model keeps (see module comment). */
const MODEL_KEEPS = /([\uFF5E\uA7F1-\uA7F4\u{10781}-\u{107BA}\u{1CCD6}-\u{1CCF9}\u{1E030}-\u{1E06D}])/u;
const NMT_SPACES = /[\u1680\u200B\u200C\u200E\u200F\u2581\uFFFD]/g;
const EDGE_SPACES = /^ | $/g;

/** Leading/trailing spaces removed, inner runs of spaces collapsed to one. */
export function squashSpaces(text: string): string {
  return text.replace(SPACE_RUN, ' ').replace(EDGE_SPACES, '');
}

/** squash(nmtSpaces(NFKC(cleanText(text)))): see the module comment. */
export function normalizeText(text: string): string {
  const cleaned = cleanText(text).text;
  const nfkc = MODEL_KEEPS.test(cleaned)
    ? cleaned
        .split(MODEL_KEEPS)
        .map((part, i) => (i % 2 === 1 ? part : part.normalize('NFKC')))
        .join('')
    : cleaned.normalize('NFKC');
  return squashSpaces(nfkc.replace(NMT_SPACES, ' '));
}
