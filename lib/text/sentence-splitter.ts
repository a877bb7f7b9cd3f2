/**
 * Sentence splitting for paragraphs, keeping what is needed to join translated sentences back into paragraphs.
 *
 * A boundary is placed after a run of terminators `.`, `!`, `?`, `…` (e.g. `?!`, `...`), optionally followed by
 * closing quotes/brackets (`"` `'` `”` `’` `»` `)` `]` `}`), when whitespace follows and the next non-space
 * character starts a sentence: an upper-case letter, a digit, an opening quote/bracket, or Spanish `¿` / `¡`.
 * No boundary when the run is a single `.` after an abbreviation of the language (abbreviations.ts) or after a
 * single letter (an initial). Numbers such as `3.5` never split (no whitespace after the dot); an ellipsis
 * followed by a lower-case word does not split.
 *
 * Mapping: a paragraph = leading + s₀ + sep₀ + s₁ + … + s_{n−1} + trailing, where the separators are the original
 * whitespace, so `joinParagraphs` gives the paragraph back exactly (with translated sentences in place of the
 * originals).
 *
 * @example
 * const { sentences, origins, paragraphs } = splitParagraphs(['Hello there. How are you?'], { language: 'en' });
 * const back = joinParagraphs(sentences.map(translate), origins, paragraphs); // one string per paragraph
 */
import { ABBREVIATIONS, type SplitLanguage } from './abbreviations.js';

export interface SplitOptions {
  language?: SplitLanguage;
  /** Extra abbreviations (lower-case, without the final dot). */
  abbreviations?: readonly string[];
}

/** One paragraph split into sentences. */
export interface SplitParagraph {
  sentences: string[];
  /** separators[i] is the whitespace between sentences i and i + 1 (length = sentences.length − 1, or 0). */
  separators: string[];
  leading: string;
  trailing: string;
}

/** Where a sentence of a stream of paragraphs came from. */
export interface SentenceOrigin {
  paragraph: number;
  sentence: number;
  /** Whitespace after this sentence inside its paragraph ('' for the last). */
  whitespaceAfter: string;
}

const BOUNDARY = /[.!?…]+["'”’»)\]}]*(\s+)(?=[\p{Lu}\p{Lt}\p{N}"'“‘«([¿¡])/gu;
/** Characters at the end of a sentence searched for an abbreviation (far longer than any abbreviation). */
const ABBREVIATION_WINDOW = 64;
const WORD_BEFORE = /([\p{L}.]+)\.$/u;

/** Splits one paragraph (rules in the module comment). */
export function splitParagraph(paragraph: string, options: SplitOptions = {}): SplitParagraph {
  const abbreviations = new Set([...ABBREVIATIONS[options.language ?? 'en'], ...(options.abbreviations ?? [])]);
  const leading = /^\s*/u.exec(paragraph)![0];
  const body = paragraph.slice(leading.length).trimEnd();
  const trailing = paragraph.slice(leading.length + body.length);
  const sentences: string[] = [];
  const separators: string[] = [];
  if (body === '') return { sentences: [], separators: [], leading, trailing: paragraph.slice(leading.length) };
  let start = 0;
  for (const match of body.matchAll(BOUNDARY)) {
    const end = match.index + match[0].length - match[1]!.length;
    const candidate = body.slice(start, end);
    if (isAbbreviation(candidate, match[0], abbreviations)) continue;
    sentences.push(candidate);
    separators.push(match[1]!);
    start = match.index + match[0].length;
  }
  sentences.push(body.slice(start));
  return { sentences, separators, leading, trailing };
}

function isAbbreviation(sentence: string, terminator: string, abbreviations: ReadonlySet<string>): boolean {
  if (!/^\.["'”’»)\]}]*\s+$/u.test(terminator)) return false;
  // Only the end of the sentence matters; looking at its tail keeps this linear on very long lines.
  const word = WORD_BEFORE.exec(sentence.slice(-ABBREVIATION_WINDOW).replace(/["'”’»)\]}]+$/u, ''));
  if (!word) return false;
  const w = word[1]!.toLowerCase();
  return abbreviations.has(w) || /^\p{L}$/u.test(w);
}

/** Rebuilds a paragraph from (translated) sentences and the split's whitespace. */
export function joinSplit(
  split: Pick<SplitParagraph, 'separators' | 'leading' | 'trailing'>,
  sentences: readonly string[],
): string {
  let out = split.leading;
  sentences.forEach((s, i) => {
    out += s;
    if (i < sentences.length - 1) out += split.separators[i] ?? ' ';
  });
  return out + split.trailing;
}

/**
 * Splits a list of paragraphs into one flat list of sentences plus, for each, its origin. Empty paragraphs give
 * no sentences but are remembered (`paragraphs` keeps every split) so they come back as empty.
 */
export function splitParagraphs(
  paragraphs: readonly string[],
  options: SplitOptions = {},
): { sentences: string[]; origins: SentenceOrigin[]; paragraphs: SplitParagraph[] } {
  const sentences: string[] = [];
  const origins: SentenceOrigin[] = [];
  const splits = paragraphs.map((p, paragraph) => {
    const split = splitParagraph(p, options);
    split.sentences.forEach((s, sentence) => {
      sentences.push(s);
      origins.push({ paragraph, sentence, whitespaceAfter: split.separators[sentence] ?? '' });
    });
    return split;
  });
  return { sentences, origins, paragraphs: splits };
}

/**
 * The reverse of splitParagraphs: puts `translated[k]` (the translation of sentences[k]) back into its paragraph,
 * with the original whitespace between sentences and around each paragraph.
 */
export function joinParagraphs(
  translated: readonly string[],
  origins: readonly SentenceOrigin[],
  paragraphs: readonly SplitParagraph[],
): string[] {
  const grouped = paragraphs.map(() => [] as string[]);
  origins.forEach((o, k) => {
    grouped[o.paragraph]![o.sentence] = translated[k] ?? '';
  });
  return paragraphs.map((split, i) => joinSplit(split, grouped[i]!));
}
