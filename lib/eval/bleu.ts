/**
 * BLEU (Papineni et al., 2002) computed as sacreBLEU 2.x computes it (`metrics/bleu.py`), so scores and signatures
 * can be compared with published sacreBLEU numbers.
 *
 * Per segment: tokenize (13a by default, after optional lowercasing and right-stripping), count word n-grams of
 * orders 1..N (N = 4), clip each hypothesis n-gram count by its maximum count in any one reference, and pick the
 * reference length closest to the hypothesis length (ties → the shorter). Statistics are summed over the corpus, then
 *
 *   p_n  = 100 · m_n / t_n                       (m_n clipped matches, t_n hypothesis n-grams of order n)
 *   BP   = 1 if c ≥ r, else exp(1 − r / c)        (c hypothesis length, r reference length; BP = 0 when c = 0)
 *   BLEU = BP · exp( (1/N') Σ_{n ≤ N'} log p_n )  (log 0 taken as −9999999999, so the score is 0)
 *
 * with N' = N, or, under `effectiveOrder`, the highest n with t_n > 0. The score is 0 when no n-gram matches at all.
 * Smoothing of orders with m_n = 0 (Chen & Cherry, 2014):
 *   - `exp` (default; mteval-v13a): the k-th such order gets p_n = 100 / (2^k · t_n);
 *   - `floor`: p_n = 100 · ε / t_n (ε = smoothValue, default 0.1);
 *   - `add-k`: for n > 1, m_n += k and t_n += k before dividing (k = smoothValue, default 1);
 *   - `none`: p_n = 0.
 * Orders with t_n = 0 and everything above them are skipped (p_n stays 0).
 *
 * @example
 * const score = corpusBleu(['the cat sat on the mat'], [['the cat sat on the mat']]);
 * console.log(score.score, bleuSignature({}, 1)); // 100, and the sacreBLEU signature (nrefs:1|case:mixed|…)
 */
import { alignReferences } from './references.js';
import { tokenize13a } from './tokenizer-13a.js';
import { pyRstrip, pySplit } from './python-text.js';
import { clippedMatches, maxCounts, totalCount, wordNgrams, wordNgramsUpTo } from './ngrams.js';
import { formatSignature, type NumRefs } from './signature.js';
import { formatFixed } from './format.js';

export type BleuSmoothMethod = 'exp' | 'floor' | 'add-k' | 'none';
export type BleuTokenizer = '13a' | 'none';

export interface BleuOptions {
  /** Lowercase hypotheses and references before tokenizing (signature `case:lc`). Default false (`case:mixed`). */
  lowercase?: boolean;
  /** `13a` (default) or `none` (split on whitespace only). */
  tokenize?: BleuTokenizer;
  /** Default `exp`. */
  smoothMethod?: BleuSmoothMethod;
  /** ε for `floor` (default 0.1), k for `add-k` (default 1); ignored otherwise. */
  smoothValue?: number;
  /** Highest n-gram order N. Default 4. */
  maxNgramOrder?: number;
  /** Average only over orders up to the highest one with hypothesis n-grams. Default false for corpus BLEU. */
  effectiveOrder?: boolean;
}

/** Sufficient statistics of BLEU, summable over segments. */
export interface BleuStats {
  hypLen: number;
  refLen: number;
  /** Clipped matches per order, index n−1. */
  counts: number[];
  /** Hypothesis n-grams per order, index n−1. */
  totals: number[];
}

export interface BleuScore {
  name: 'BLEU';
  /** 0..100. */
  score: number;
  counts: number[];
  totals: number[];
  /** Per-order precisions in percent (after smoothing). */
  precisions: number[];
  /** Brevity penalty. */
  bp: number;
  /** hypLen / refLen (0 when refLen is 0). */
  ratio: number;
  hypLen: number;
  refLen: number;
  /** sacreBLEU signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3`. */
  signature: string;
}

const SMOOTH_DEFAULTS: Readonly<Record<BleuSmoothMethod, number | undefined>> = {
  exp: undefined,
  floor: 0.1,
  'add-k': 1,
  none: undefined,
};

/** sacreBLEU's `my_log`: natural log, with log(x ≤ 0) = −9999999999. */
function safeLog(x: number): number {
  return x > 0 ? Math.log(x) : -9999999999;
}

/** Lowercases (optionally), right-strips and tokenizes one segment; returns its tokens. */
export function bleuTokens(segment: string, options: BleuOptions = {}): string[] {
  const text = pyRstrip(options.lowercase ? segment.toLowerCase() : segment);
  return pySplit((options.tokenize ?? '13a') === '13a' ? tokenize13a(text) : text);
}

/** Statistics of one hypothesis against its references (already non-empty), as sacreBLEU counts them. */
export function bleuSegmentStats(
  hypothesis: string,
  references: readonly string[],
  options: BleuOptions = {},
): BleuStats {
  const order = options.maxNgramOrder ?? 4;
  const refTokens = references.map((r) => bleuTokens(r, options));
  const refNgrams = maxCounts(refTokens.map((t) => wordNgramsUpTo(t, order)));
  const hyp = bleuTokens(hypothesis, options);
  const counts: number[] = [];
  const totals: number[] = [];
  for (let n = 1; n <= order; n++) {
    const hypNgrams = wordNgrams(hyp, n);
    totals.push(totalCount(hypNgrams));
    counts.push(clippedMatches(hypNgrams, refNgrams));
  }
  return {
    hypLen: hyp.length,
    refLen: closestRefLength(
      hyp.length,
      refTokens.map((t) => t.length),
    ),
    counts,
    totals,
  };
}

/** The reference length closest to `hypLen`; ties go to the shorter reference. */
export function closestRefLength(hypLen: number, refLens: readonly number[]): number {
  let best = -1;
  let bestDiff = -1;
  for (const len of refLens) {
    const diff = Math.abs(hypLen - len);
    if (bestDiff === -1 || diff < bestDiff || (diff === bestDiff && len < best)) {
      best = len;
      bestDiff = diff;
    }
  }
  return best;
}

/** BLEU from summed statistics (formula in the file comment). The signature uses `numRefs`. */
export function computeBleu(stats: BleuStats, options: BleuOptions = {}, numRefs: NumRefs = 1): BleuScore {
  const order = options.maxNgramOrder ?? 4;
  const method = options.smoothMethod ?? 'exp';
  const smoothValue = options.smoothValue ?? SMOOTH_DEFAULTS[method] ?? 0;
  const { hypLen, refLen } = stats;
  const bp = hypLen < refLen ? (hypLen > 0 ? Math.exp(1 - refLen / hypLen) : 0) : 1;
  const precisions = new Array<number>(order).fill(0);
  const result = (score: number): BleuScore => ({
    name: 'BLEU',
    score,
    counts: [...stats.counts],
    totals: [...stats.totals],
    precisions,
    bp,
    ratio: refLen ? hypLen / refLen : 0,
    hypLen,
    refLen,
    signature: bleuSignature(options, numRefs),
  });
  if (!stats.counts.some((c) => c > 0)) return result(0);

  let expFactor = 1;
  let effOrder = order;
  for (let n = 1; n <= order; n++) {
    let matches = stats.counts[n - 1] ?? 0;
    let total = stats.totals[n - 1] ?? 0;
    if (method === 'add-k' && n > 1) {
      matches += smoothValue;
      total += smoothValue;
    }
    if (total === 0) break;
    if (options.effectiveOrder) effOrder = n;
    if (matches === 0) {
      if (method === 'exp') {
        expFactor *= 2;
        precisions[n - 1] = 100 / (expFactor * total);
      } else if (method === 'floor') {
        precisions[n - 1] = (100 * smoothValue) / total;
      }
    } else {
      precisions[n - 1] = (100 * matches) / total;
    }
  }
  let logSum = 0;
  for (let n = 0; n < effOrder; n++) logSum += safeLog(precisions[n]!);
  return result(bp * Math.exp(logSum / effOrder));
}

/**
 * Corpus BLEU of `hypotheses` against reference streams (`references[k][i]` = k-th reference of line i), as
 * sacreBLEU's `corpus_bleu` / `BLEU().corpus_score`. Defaults: 13a, case-sensitive, `exp` smoothing, N = 4, no
 * effective order.
 * @throws DataError when a reference stream's line count differs from the hypotheses', or a line has no reference.
 */
export function corpusBleu(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: BleuOptions = {},
): BleuScore {
  const { segments, numRefs } = alignReferences(hypotheses, references);
  const order = options.maxNgramOrder ?? 4;
  const sum: BleuStats = {
    hypLen: 0,
    refLen: 0,
    counts: new Array<number>(order).fill(0),
    totals: new Array<number>(order).fill(0),
  };
  hypotheses.forEach((hyp, i) => {
    const s = bleuSegmentStats(hyp, segments[i]!, options);
    sum.hypLen += s.hypLen;
    sum.refLen += s.refLen;
    for (let n = 0; n < order; n++) {
      sum.counts[n]! += s.counts[n]!;
      sum.totals[n]! += s.totals[n]!;
    }
  });
  return computeBleu(sum, options, numRefs);
}

/**
 * Sentence-level BLEU of one hypothesis against its references, as sacreBLEU's `sentence_bleu`: effective order
 * is on unless `options.effectiveOrder` is explicitly false.
 */
export function sentenceBleu(hypothesis: string, references: readonly string[], options: BleuOptions = {}): BleuScore {
  return corpusBleu(
    [hypothesis],
    references.map((r) => [r]),
    { effectiveOrder: true, ...options },
  );
}

/** The sacreBLEU 2.x BLEU signature for these options. */
export function bleuSignature(options: BleuOptions, numRefs: NumRefs): string {
  const method = options.smoothMethod ?? 'exp';
  const fixed = SMOOTH_DEFAULTS[method];
  const smooth = fixed === undefined ? method : `${method}[${formatFixed(options.smoothValue ?? fixed, 2)}]`;
  return formatSignature([
    ['nrefs', numRefs],
    ['case', options.lowercase ? 'lc' : 'mixed'],
    ['eff', options.effectiveOrder ? 'yes' : 'no'],
    ['tok', options.tokenize ?? '13a'],
    ['smooth', smooth],
  ]);
}

/** sacreBLEU's verbose part: `82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)`. */
export function formatBleuDetails(s: BleuScore): string {
  const precisions = s.precisions.map((p) => formatFixed(p, 1)).join('/');
  return `${precisions} (BP = ${formatFixed(s.bp, 3)} ratio = ${formatFixed(s.ratio, 3)} hyp_len = ${s.hypLen} ref_len = ${s.refLen})`;
}

/** sacreBLEU's score line: `BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)`. */
export function formatBleu(s: BleuScore, width = 2): string {
  return `BLEU = ${formatFixed(s.score, width)} ${formatBleuDetails(s)}`;
}
