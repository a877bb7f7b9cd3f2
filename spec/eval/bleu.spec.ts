/**
 * BLEU against known sacreBLEU outputs. Sources of the expected numbers:
 * - [README] sacreBLEU README, "Using SacreBLEU from Python" and "Variable Number of References" (sacreBLEU 2.0.0);
 * - [test_bleu] sacreBLEU test/test_bleu.py (`test_corpus_bleu_cases`, `test_case_statistics`, `test_case_scoring`,
 *   `test_raw_bleu_cases`, `test_case_effective_order`; `raw_corpus_bleu` = tokenize none, floor 0.01, effective order);
 * - [test_sentence_bleu] sacreBLEU test/test_sentence_bleu.py (example of sacreBLEU issue #98 and #141, effective order);
 * - [hand] computed by hand in the comment next to the case.
 */
import { expect } from 'chai';
import {
  computeBleu,
  corpusBleu,
  formatBleu,
  sentenceBleu,
  bleuSegmentStats,
  type BleuOptions,
} from '../../lib/eval/bleu.js';
import { DataError } from '../../lib/errors.js';

const README_REFS = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const README_SYS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
const RAW: BleuOptions = { tokenize: 'none', smoothMethod: 'floor', smoothValue: 0.01, effectiveOrder: true };

describe('eval/bleu corpusBleu', () => {
  it('[README] default settings: score line and signature', () => {
    const s = corpusBleu(README_SYS, README_REFS);
    expect(formatBleu(s)).to.equal(
      'BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)',
    );
    expect(s.signature).to.match(/^nrefs:2\|case:mixed\|eff:no\|tok:13a\|smooth:exp\|version:2\.\d+\.\d+$/);
    expect(s.score).to.be.closeTo(48.530827, 1e-6); // [test_bleu] test_corpus_bleu_cases
  });

  it('[README] variable number of references gives nrefs:var', () => {
    const refs = [['', ...README_REFS[0]!.slice(1)], README_REFS[1]!];
    const s = corpusBleu(README_SYS, refs);
    expect(formatBleu(s)).to.equal(
      'BLEU = 29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)',
    );
    expect(s.signature).to.match(/^nrefs:var\|/);
  });

  const corpusCases: Array<[string, string[], BleuOptions, number]> = [
    ['empty hypotheses are kept', ['', '', ''], {}, 0],
    ['tokenize none', README_SYS, { tokenize: 'none' }, 49.1919566],
    ['tokenize 13a', README_SYS, { tokenize: '13a' }, 48.530827],
    ['smooth none', README_SYS, { smoothMethod: 'none' }, 48.530827],
  ];
  for (const [name, sys, options, expected] of corpusCases) {
    it(`[test_bleu] ${name}`, () => expect(corpusBleu(sys, README_REFS, options).score).to.be.closeTo(expected, 1e-6));
  }

  const rawCases: Array<[string[], string[], number]> = [
    // Older test files list 0.0037991784 here; sacreBLEU ≥ 1.4.x returns 0 when no n-gram matches at all (the
    // early stop added for issue #141 in metrics/bleu.py `compute_bleu`), which 2.x keeps.
    [['this is a test', 'another test'], ['ref1', 'ref2'], 0],
    [['this is a test'], ['this is a test'], 1.0],
    [['this is a fest'], ['this is a test'], 0.223606797749979],
    [['test'], ['a test'], 0.3678794411714425],
    [['a test'], ['a test'], 1.0],
    [['a little test'], ['a test'], 0.03218297948685433],
  ];
  for (const [sys, ref, expected] of rawCases) {
    it(`[test_bleu] raw_corpus_bleu ${JSON.stringify(sys)} vs ${JSON.stringify(ref)}`, () => {
      expect(corpusBleu(sys, [ref], RAW).score / 100).to.be.closeTo(expected, 1e-8);
    });
  }

  it('[test_bleu] statistics: counts [4,2,1,0], totals [6,5,4,3]', () => {
    const s = bleuSegmentStats('am I am a character sequence', ['I am a symbol string sequence a a'], {
      tokenize: 'none',
    });
    expect(s.counts).to.deep.equal([4, 2, 1, 0]);
    expect(s.totals).to.deep.equal([6, 5, 4, 3]);
  });

  it('[test_bleu] scoring from statistics', () => {
    const s = computeBleu(
      { hypLen: 11, refLen: 11, counts: [9, 7, 5, 3], totals: [10, 8, 6, 4] },
      { smoothMethod: 'none' },
    );
    expect(s.score / 100).to.be.closeTo(0.8375922397, 1e-8);
  });

  it('[hand] brevity penalty, exp smoothing and closest reference length', () => {
    // hyp "a b c" vs ref "a b c d e": p1 = 3/3, p2 = 2/2, p3 = 1/1, 4-grams: t4 = 0 → loop stops, p4 stays 0
    // → no effective order: log 0 → score 0; with effective order N' = 3: BP = exp(1 − 5/3) = 0.513417…
    expect(corpusBleu(['a b c'], [['a b c d e']]).score).to.equal(0);
    const eff = corpusBleu(['a b c'], [['a b c d e']], { effectiveOrder: true });
    expect(eff.bp).to.be.closeTo(Math.exp(1 - 5 / 3), 1e-12);
    expect(eff.score).to.be.closeTo(100 * Math.exp(1 - 5 / 3), 1e-9);
    // exp smoothing: hyp "a b x d" vs ref "a b c d": p1 = 3/4, p2 = 1/3, p3 = 0 → 100/(2·2), p4 = 0 → 100/(4·1)
    const s = corpusBleu(['a b x d'], [['a b c d']]);
    expect(s.precisions).to.deep.equal([75, 100 / 3, 25, 25]);
    expect(s.score).to.be.closeTo(Math.exp((Math.log(75) + Math.log(100 / 3) + Math.log(25) + Math.log(25)) / 4), 1e-9);
    // closest reference length: hyp of 4 tokens vs refs of 3 and 5 tokens → tie → the shorter (3)
    expect(corpusBleu(['a b c d'], [['a b c'], ['a b c d e']]).refLen).to.equal(3);
  });

  it('lowercase option changes matches and the signature', () => {
    const mixed = corpusBleu(['THE DOG BIT THE MAN.'], [['The dog bit the man.']]);
    const lc = corpusBleu(['THE DOG BIT THE MAN.'], [['The dog bit the man.']], { lowercase: true });
    expect(lc.score).to.be.closeTo(100, 1e-9);
    expect(mixed.score).to.be.below(lc.score);
    expect(lc.signature).to.contain('case:lc');
  });

  it('line-count mismatch is a DataError giving both counts', () => {
    expect(() => corpusBleu(['a', 'b'], [['a']]))
      .to.throw(DataError, /2 lines.*has 1/)
      .with.property('code', 'E_LINE_COUNT');
  });
});

describe('eval/bleu sentenceBleu', () => {
  // [test_sentence_bleu], the example of sacreBLEU issue #98, effective order on.
  const REF = 'producţia de zahăr brut se exprimă în zahăr alb;';
  const SYS = 'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';
  const cases: Array<[BleuOptions, number]> = [
    [{ smoothMethod: 'exp' }, 8.493],
    [{ smoothMethod: 'none' }, 0.0],
    [{ smoothMethod: 'floor' }, 4.51688],
    [{ smoothMethod: 'floor', smoothValue: 0.5 }, 10.1],
    [{ smoothMethod: 'add-k' }, 14.882],
    [{ smoothMethod: 'add-k', smoothValue: 2 }, 21.389],
    [{ tokenize: 'none' }, 7.347],
  ];
  for (const [options, expected] of cases) {
    it(`${JSON.stringify(options)} → ${expected}`, () =>
      expect(sentenceBleu(SYS, [REF], options).score).to.be.closeTo(expected, 1e-3));
  }

  it('signature of sentence BLEU has eff:yes and the smoothing value', () => {
    expect(sentenceBleu(SYS, [REF], { smoothMethod: 'floor' }).signature).to.match(
      /^nrefs:1\|case:mixed\|eff:yes\|tok:13a\|smooth:floor\[0\.10\]\|version:/,
    );
  });

  it('no match at all gives 0 (issue #141)', () => {
    for (const smoothMethod of ['exp', 'none', 'floor', 'add-k'] as const) {
      expect(sentenceBleu('this is a cat', ['okay thanks'], { smoothMethod }).score).to.equal(0);
    }
  });
});
