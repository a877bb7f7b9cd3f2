/**
 * Synthetic translation tasks for fast end-to-end checks (the "reverse / copy / dates" tasks of the annotated
 * encoder–decoder tutorials). Tokens are separated by single spaces, so `--tokenizer words` reads them.
 *
 * - reverse: `src` = L random symbols (L in [minLength, maxLength]) over `symbols` letters; `tgt` = src reversed.
 * - copy: `tgt` = `src`.
 * - dates: `src` = a date in one of several English formats, e.g. `3rd of March 1999`, `March 3 , 1999`,
 *   `3 Mar 1999`, `03 / 03 / 1999`; `tgt` = its ISO form spelled as characters, `1 9 9 9 - 0 3 - 0 3`.
 */
import { Rng } from '../util/random.js';
import { invalidField } from '../errors.js';

export const SYNTHETIC_TASKS = ['reverse', 'copy', 'dates'] as const;
export type SyntheticTask = (typeof SYNTHETIC_TASKS)[number];

export interface SyntheticOptions {
  /** Number of pairs. */
  n: number;
  seed: number;
  /** reverse/copy: alphabet size (symbols are `a`, `b`, …; up to 26) */
  symbols?: number;
  minLength?: number;
  maxLength?: number;
}

export interface Pair {
  src: string;
  tgt: string;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function ordinal(day: number): string {
  const suffix =
    day % 10 === 1 && day !== 11
      ? 'st'
      : day % 10 === 2 && day !== 12
        ? 'nd'
        : day % 10 === 3 && day !== 13
          ? 'rd'
          : 'th';
  return `${day}${suffix}`;
}

const pad2 = (x: number): string => String(x).padStart(2, '0');

/** One random date pair. Years 1950–2049 (no leap days, so every generated date exists). */
export function randomDate(rng: Rng): Pair {
  const year = 1950 + rng.int(100);
  const month = 1 + rng.int(12);
  const day = 1 + rng.int(DAYS_IN_MONTH[month - 1]!);
  const name = MONTHS[month - 1]!;
  const formats = [
    `${ordinal(day)} of ${name} ${year}`,
    `${name} ${day} , ${year}`,
    `${day} ${name.slice(0, 3)} ${year}`,
    `${pad2(day)} / ${pad2(month)} / ${year}`,
  ];
  const iso = `${year}-${pad2(month)}-${pad2(day)}`;
  return { src: formats[rng.int(formats.length)]!, tgt: [...iso].join(' ') };
}

/** Longest synthetic sequence, in tokens (the tasks are for models of a few dozen tokens). */
const MAX_SYNTHETIC_LENGTH = 1000;
/** Most tokens of one synthetic set, built in memory before it is written (about 20 bytes each). */
const MAX_SYNTHETIC_TOKENS = 50_000_000;

export function synthesize(task: SyntheticTask, options: SyntheticOptions): Pair[] {
  const { n, seed, symbols = 20, minLength = 3, maxLength = 12 } = options;
  if (!Number.isInteger(n) || n < 1) throw invalidField('synthetic option', 'n', 'a positive integer', n);
  if (!Number.isInteger(symbols) || symbols < 2 || symbols > 26)
    throw invalidField('synthetic option', 'symbols', 'an integer in [2, 26]', symbols);
  if (!Number.isInteger(minLength) || minLength < 1)
    throw invalidField('synthetic option', 'minLength', 'an integer ≥ 1', minLength);
  if (!Number.isInteger(maxLength) || maxLength < minLength)
    throw invalidField(
      'synthetic option',
      'maxLength',
      `an integer, at least the minimum length (${minLength})`,
      maxLength,
    );
  if (maxLength > MAX_SYNTHETIC_LENGTH)
    throw invalidField('synthetic option', 'maxLength', `at most ${MAX_SYNTHETIC_LENGTH} tokens`, maxLength);
  if (n * maxLength > MAX_SYNTHETIC_TOKENS)
    throw invalidField(
      'synthetic option',
      'n',
      `at most ${Math.floor(MAX_SYNTHETIC_TOKENS / maxLength)} pairs of up to ${maxLength} tokens (${MAX_SYNTHETIC_TOKENS} tokens are built in memory at most)`,
      n,
    );
  const rng = new Rng(seed);
  return Array.from({ length: n }, (): Pair => {
    if (task === 'dates') return randomDate(rng);
    const length = minLength + rng.int(maxLength - minLength + 1);
    const tokens = Array.from({ length }, () => String.fromCharCode(97 + rng.int(symbols)));
    return { src: tokens.join(' '), tgt: (task === 'reverse' ? [...tokens].reverse() : tokens).join(' ') };
  });
}

/** TSV with header `src<TAB>tgt`. */
export function pairsToTsv(pairs: readonly Pair[]): string {
  return ['src\ttgt', ...pairs.map((p) => `${p.src}\t${p.tgt}`)].join('\n') + '\n';
}
