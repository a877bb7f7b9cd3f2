/**
 * Overlong lines: a line whose token count exceeds the model's maximum is cut into pieces that each fit, never
 * dropped, with the whitespace between pieces kept so the (translated) pieces can be joined back.
 *
 * Cutting order: (1) at sentence boundaries (sentence-splitter.ts), greedily packing whole sentences into pieces;
 * (2) a sentence still too long is cut between words, packing whole words; (3) a single word still too long is cut
 * between characters (code points; never inside a surrogate pair), taking each time the longest prefix that fits:
 * galloping from the previous chunk's length, then binary search, so a word of n characters costs O(n log n)
 * counted characters, not O(n²). No step spreads an array into arguments (a line of any length fits the stack). Token counts of whitespace-separated units add up for SentencePiece (pieces never cross
 * whitespace), so `count(a + ' ' + b) = count(a) + count(b)` is used when packing.
 *
 * line = leading + p₀ + sep₀ + p₁ + … + p_{n−1} + trailing   (joinLongLine does this).
 */
import { splitParagraph, joinSplit, type SplitOptions } from './sentence-splitter.js';
import { OptionError } from '../errors.js';

export interface LongLineOptions extends SplitOptions {
  /** Largest token count of one piece. */
  maxTokens: number;
  /** Token count of a text (e.g. `(s) => tokenizer.encode(s).length`). */
  countTokens: (text: string) => number;
}

export interface LongLineSplit {
  pieces: string[];
  /** separators[i] lies between pieces i and i + 1. */
  separators: string[];
  leading: string;
  trailing: string;
}

/** Cuts `line` into pieces of at most `maxTokens` tokens (rules in the module comment). */
export function splitLongLine(line: string, options: LongLineOptions): LongLineSplit {
  const { maxTokens, countTokens } = options;
  if (!(Number.isInteger(maxTokens) && maxTokens >= 1))
    throw new OptionError('E_OPTION_INVALID', `maxTokens must be an integer ≥ 1, got ${maxTokens}`, { maxTokens });
  const split = splitParagraph(line, options);
  if (countTokens(line) <= maxTokens)
    return {
      pieces: split.sentences.length
        ? [joinSplit({ separators: split.separators, leading: '', trailing: '' }, split.sentences)]
        : [],
      separators: [],
      leading: split.leading,
      trailing: split.trailing,
    };
  // Units: whole sentences (level 1) and, for a sentence that does not fit, its words / character chunks (2, 3).
  // Units merge only within their group: consecutive whole sentences, or the parts of one overlong sentence.
  const units: Unit[] = [];
  split.sentences.forEach((sentence, i) => {
    const sepAfter = split.separators[i] ?? '';
    const tokens = countTokens(sentence);
    if (tokens <= maxTokens) units.push({ text: sentence, sepAfter, tokens, group: -1 });
    else for (const u of wordUnits(sentence, sepAfter, maxTokens, countTokens)) units.push({ ...u, group: i });
  });
  const pieces: string[] = [];
  const separators: string[] = [];
  let current: Unit | undefined;
  for (const unit of units) {
    const fits =
      current !== undefined &&
      current.group === unit.group &&
      current.sepAfter !== '' &&
      current.tokens + unit.tokens <= maxTokens;
    if (current && fits) {
      current = {
        text: current.text + current.sepAfter + unit.text,
        sepAfter: unit.sepAfter,
        tokens: current.tokens + unit.tokens,
        group: unit.group,
      };
      continue;
    }
    if (current) {
      pieces.push(current.text);
      separators.push(current.sepAfter);
    }
    current = unit;
  }
  if (current) pieces.push(current.text);
  return { pieces, separators, leading: split.leading, trailing: split.trailing };
}

/** Rebuilds the line from (translated) pieces: leading + p₀ + sep₀ + … + trailing. */
export function joinLongLine(
  split: Pick<LongLineSplit, 'separators' | 'leading' | 'trailing'>,
  pieces: readonly string[],
): string {
  return joinSplit(split, pieces);
}

interface Unit {
  text: string;
  /** Whitespace after the unit ('' between chunks of one word: never merged). */
  sepAfter: string;
  tokens: number;
  /** -1 for whole sentences, else the index of the overlong sentence the unit comes from. */
  group: number;
}

function wordUnits(
  sentence: string,
  sepAfter: string,
  maxTokens: number,
  countTokens: (t: string) => number,
): Omit<Unit, 'group'>[] {
  const parts = sentence.split(/(\s+)/u);
  const out: Omit<Unit, 'group'>[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const word = parts[i]!;
    const sep = i + 1 < parts.length ? parts[i + 1]! : sepAfter;
    const tokens = countTokens(word);
    if (tokens <= maxTokens) {
      out.push({ text: word, sepAfter: sep, tokens });
      continue;
    }
    const chunks = charChunks(word, maxTokens, countTokens);
    // Chunks of one word join with '' (an empty separator never merges in packing).
    chunks.forEach((c, k) =>
      out.push({ text: c, sepAfter: k === chunks.length - 1 ? sep : '', tokens: countTokens(c) }),
    );
  }
  return out;
}

function charChunks(word: string, maxTokens: number, countTokens: (t: string) => number): string[] {
  const points = Array.from(word);
  const fits = (from: number, to: number): boolean => countTokens(points.slice(from, to).join('')) <= maxTokens;
  const chunks: string[] = [];
  // Length of the previous chunk: the first guess for the next one.
  let guess = 1;
  let start = 0;
  while (start < points.length) {
    // Invariant: [start, good) fits (one code point is always taken), [start, bad) does not (bad > length: unknown).
    let good = start + 1;
    let bad = points.length + 1;
    for (let size = guess; good < points.length; size *= 2) {
      const probe = Math.min(points.length, start + size);
      if (probe <= good) continue;
      if (!fits(start, probe)) {
        bad = probe;
        break;
      }
      good = probe;
    }
    while (bad - good > 1 && good < points.length) {
      const mid = Math.floor((good + bad) / 2);
      if (mid <= points.length && fits(start, mid)) good = mid;
      else bad = mid;
    }
    chunks.push(points.slice(start, good).join(''));
    guess = Math.max(1, good - start);
    start = good;
  }
  return chunks;
}
