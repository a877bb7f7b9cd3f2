/**
 * chrF (Popović, 2015) and chrF++ (Popović, 2017) computed as sacreBLEU 2.x computes them (`metrics/chrf.py`).
 *
 * Per segment and order n: character n-grams (n = 1..6) of the segment with all whitespace removed (unless
 * `whitespace`), plus word n-grams (n = 1..wordOrder, words with one leading or trailing punctuation mark split off)
 * for chrF++. For each order: h_n hypothesis n-grams (counted as 0 when the reference has none of that order),
 * r_n reference n-grams, m_n clipped matches. With several references the one giving the best segment score is used.
 * Statistics are summed over the corpus; with P_n = m_n / h_n, R_n = m_n / r_n:
 *
 * - default (`eff:yes`, sacreBLEU's default, "effective order"): average P̄, R̄ over the orders with h_n > 0 and
 *   r_n > 0, then chrF = 100 · (1 + β²) P̄ R̄ / (β² P̄ + R̄)  (0 when P̄ + R̄ = 0);
 * - `epsSmoothing` (`eff:no`, chrF++.py / NLTK / Moses style): P_n, R_n = ε = 1e-16 when their denominator is 0,
 *   F_n = (1 + β²) P_n R_n / (β² P_n + R_n) (ε when the denominator is 0), chrF = 100 · (1/N) Σ_n F_n.
 *
 * β = 2 weighs recall twice as much as precision. Characters are Unicode code points, as in Python.
 *
 * @example
 * const score = corpusChrf(hypotheses, [references], { wordOrder: 2 }); // chrF++
 * console.log(formatChrf(score));
 */
import { alignReferences } from './references.js';
import { codePoints, pyRemoveWhitespace, pySplit } from './python-text.js';
import { charNgrams, clippedMatches, totalCount, wordNgrams, type NgramCounts } from './ngrams.js';
import { formatSignature, type NumRefs } from './signature.js';
import { formatFixed } from './format.js';

export interface ChrfOptions {
  /** Character n-gram order. Default 6. */
  charOrder?: number;
  /** Word n-gram order (2 = chrF++). Default 0. */
  wordOrder?: number;
  /** Recall weight β. Default 2. */
  beta?: number;
  /** Lowercase both sides first. Default false. */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams. Default false. */
  whitespace?: boolean;
  /** chrF++.py-style ε smoothing instead of sacreBLEU's default effective-order averaging. Default false. */
  epsSmoothing?: boolean;
}

/** Per-order sufficient statistics, summable over segments: char orders first, then word orders. */
export interface ChrfOrderStats {
  hyp: number;
  ref: number;
  match: number;
}

export interface ChrfScore {
  /** `chrF2`, `chrF2++`, … (β, then one `+` per word order). */
  name: string;
  /** 0..100. */
  score: number;
  /** Summed statistics per order (char orders 1..charOrder, then word orders 1..wordOrder). */
  stats: ChrfOrderStats[];
  /** Per-order precision and recall in percent (0 where undefined). */
  precisions: number[];
  recalls: number[];
  /** Hypothesis / reference character counts that enter the metric (character unigrams). */
  hypLen: number;
  refLen: number;
  /** e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.4.3`. */
  signature: string;
}

const EPS = 1e-16;
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** Words with one trailing (else one leading) ASCII punctuation mark split off, as chrF++ tokenizes. */
export function chrfWords(segment: string): string[] {
  const words: string[] = [];
  for (const w of pySplit(segment)) {
    const chars = codePoints(w);
    const first = chars[0]!;
    const last = chars[chars.length - 1]!;
    if (chars.length === 1) words.push(w);
    else if (PUNCTUATION.has(last)) words.push(chars.slice(0, -1).join(''), last);
    else if (PUNCTUATION.has(first)) words.push(first, chars.slice(1).join(''));
    else words.push(w);
  }
  return words;
}

/** The n-gram counts of every order for one segment: char orders, then word orders. */
function segmentNgrams(segment: string, o: Required<ChrfOptions>): NgramCounts[] {
  const text = o.lowercase ? segment.toLowerCase() : segment;
  const chars = codePoints(o.whitespace ? text : pyRemoveWhitespace(text));
  const all: NgramCounts[] = [];
  for (let n = 1; n <= o.charOrder; n++) all.push(charNgrams(chars, n));
  const words = o.wordOrder > 0 ? chrfWords(text) : [];
  for (let n = 1; n <= o.wordOrder; n++) all.push(wordNgrams(words, n));
  return all;
}

function resolve(options: ChrfOptions): Required<ChrfOptions> {
  return { charOrder: 6, wordOrder: 0, beta: 2, lowercase: false, whitespace: false, epsSmoothing: false, ...options };
}

/** The chrF score (0..100) of summed statistics (formulas in the file comment). */
export function chrfFromStats(stats: readonly ChrfOrderStats[], beta: number, epsSmoothing: boolean): number {
  const factor = beta * beta;
  let epsSum = 0;
  let avgP = 0;
  let avgR = 0;
  let effective = 0;
  for (const { hyp, ref, match } of stats) {
    const p = hyp > 0 ? match / hyp : EPS;
    const r = ref > 0 ? match / ref : EPS;
    const denom = factor * p + r;
    epsSum += denom > 0 ? ((1 + factor) * p * r) / denom : EPS;
    if (hyp > 0 && ref > 0) {
      avgP += p;
      avgR += r;
      effective++;
    }
  }
  if (epsSmoothing) return (100 * epsSum) / stats.length;
  if (effective === 0) return 0;
  avgP /= effective;
  avgR /= effective;
  return avgP + avgR ? (100 * (1 + factor) * avgP * avgR) / (factor * avgP + avgR) : 0;
}

/** Statistics of one hypothesis against each of its references; keeps the reference with the best score. */
function segmentStats(hypothesis: string, references: readonly string[], o: Required<ChrfOptions>): ChrfOrderStats[] {
  const hyp = segmentNgrams(hypothesis, o);
  let best: ChrfOrderStats[] = [];
  let bestScore = -1;
  for (const reference of references) {
    const ref = segmentNgrams(reference, o);
    const stats = hyp.map((h, n) => {
      const r = ref[n]!;
      return { hyp: r.size > 0 ? totalCount(h) : 0, ref: totalCount(r), match: clippedMatches(h, r) };
    });
    const score = chrfFromStats(stats, o.beta, o.epsSmoothing);
    if (score > bestScore) {
      bestScore = score;
      best = stats;
    }
  }
  return best;
}

/**
 * Corpus chrF of `hypotheses` against reference streams (`references[k][i]` = k-th reference of line i), as
 * sacreBLEU's `corpus_chrf` / `CHRF().corpus_score`. Defaults: char order 6, word order 0, β = 2, whitespace
 * removed, case-sensitive, effective-order averaging.
 * @throws DataError when a reference stream's line count differs from the hypotheses', or a line has no reference.
 */
export function corpusChrf(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: ChrfOptions = {},
): ChrfScore {
  const o = resolve(options);
  const { segments, numRefs } = alignReferences(hypotheses, references);
  const sum: ChrfOrderStats[] = Array.from({ length: o.charOrder + o.wordOrder }, () => ({ hyp: 0, ref: 0, match: 0 }));
  hypotheses.forEach((hyp, i) => {
    segmentStats(hyp, segments[i]!, o).forEach((s, n) => {
      sum[n]!.hyp += s.hyp;
      sum[n]!.ref += s.ref;
      sum[n]!.match += s.match;
    });
  });
  return {
    name: `chrF${o.beta}${'+'.repeat(o.wordOrder)}`,
    score: chrfFromStats(sum, o.beta, o.epsSmoothing),
    stats: sum,
    precisions: sum.map((s) => (s.hyp > 0 ? (100 * s.match) / s.hyp : 0)),
    recalls: sum.map((s) => (s.ref > 0 ? (100 * s.match) / s.ref : 0)),
    hypLen: sum[0]?.hyp ?? 0,
    refLen: sum[0]?.ref ?? 0,
    signature: chrfSignature(o, numRefs),
  };
}

/** Sentence-level chrF of one hypothesis against its references (same defaults as `corpusChrf`). */
export function sentenceChrf(hypothesis: string, references: readonly string[], options: ChrfOptions = {}): ChrfScore {
  return corpusChrf(
    [hypothesis],
    references.map((r) => [r]),
    options,
  );
}

/** The sacreBLEU 2.x chrF signature for these options. */
export function chrfSignature(options: ChrfOptions, numRefs: NumRefs): string {
  const o = resolve(options);
  return formatSignature([
    ['nrefs', numRefs],
    ['case', o.lowercase ? 'lc' : 'mixed'],
    ['eff', o.epsSmoothing ? 'no' : 'yes'],
    ['nc', o.charOrder],
    ['nw', o.wordOrder],
    ['space', o.whitespace ? 'yes' : 'no'],
  ]);
}

/** sacreBLEU's score line: `chrF2 = 59.73`. */
export function formatChrf(s: ChrfScore, width = 2): string {
  return `${s.name} = ${formatFixed(s.score, width)}`;
}
