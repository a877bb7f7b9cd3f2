/**
 * chrF against known sacreBLEU outputs. Sources of the expected numbers:
 * - [README] sacreBLEU README, "Using SacreBLEU from Python": `chrF2 = 59.73` (sacreBLEU 2.0.0 defaults);
 * - [test_chrf] sacreBLEU test/test_chrf.py: `test_cases` (β = 3, eps smoothing), `test_cases_effective_order`
 *   (β = 3, default smoothing), `test_cases_keep_whitespace` (β = 3, whitespace kept), `test_sentence_level_chrf`
 *   (β = 2, eps smoothing);
 * - [hand] computed by hand in the comment next to the case.
 */
import { expect } from 'chai';
import { corpusChrf, formatChrf, sentenceChrf, chrfFromStats } from '../../lib/eval/chrf.js';

describe('eval/chrf', () => {
  it('[README] default chrF2 and signature', () => {
    const refs = [
      ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
      ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
    ];
    const s = corpusChrf(['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'], refs);
    expect(formatChrf(s)).to.equal('chrF2 = 59.73');
    expect(s.signature).to.match(/^nrefs:2\|case:mixed\|eff:yes\|nc:6\|nw:0\|space:no\|version:2\.\d+\.\d+$/);
  });

  const epsCases: Array<[string[], string[], number]> = [
    [['abcdefg'], ['hijklmnop'], 0.0],
    [['a'], ['b'], 0.0],
    [[''], ['b'], 0.0],
    [[''], ['ref'], 0.0],
    [[''], ['reference'], 0.0],
    [['aa'], ['ab'], 8.3333],
    [['a', 'b'], ['a', 'c'], 8.3333],
    [['a'], ['a'], 16.6667],
    [['a b c'], ['a b c'], 50.0],
    [['a b c'], ['abc'], 50.0],
    [
      [
        ' risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .',
      ],
      [
        'risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .',
      ],
      63.36173,
    ],
    [
      [' Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. '],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
      64.1302698,
    ],
    [['Niemand hat die Absicht, eine Mauer zu errichten'], ['Niemand hat die Absicht, eine Mauer zu errichten'], 100.0],
  ];
  for (const [sys, ref, expected] of epsCases) {
    it(`[test_chrf] eps smoothing, β=3: ${JSON.stringify(sys).slice(0, 40)} → ${expected}`, () => {
      expect(corpusChrf(sys, [ref], { beta: 3, epsSmoothing: true }).score).to.be.closeTo(expected, 1e-4);
    });
  }

  const effCases: Array<[string[], string[], number]> = [
    [['a'], ['a'], 100.0],
    [[''], ['reference'], 0.0],
    [['a b c'], ['a b c'], 100.0],
    [['a b c'], ['abc'], 100.0],
    [[''], ['c'], 0.0],
    [['a', 'b'], ['a', 'c'], 50.0],
    [['aa'], ['ab'], 25.0],
  ];
  for (const [sys, ref, expected] of effCases) {
    it(`[test_chrf] effective order, β=3: ${JSON.stringify(sys)} vs ${JSON.stringify(ref)} → ${expected}`, () => {
      expect(corpusChrf(sys, [ref], { beta: 3 }).score).to.be.closeTo(expected, 1e-4);
    });
  }

  const spaceCases: Array<[string, string, number]> = [
    [
      'Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.',
      'Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.',
      67.3481606,
    ],
    [
      'risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .',
      'risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .',
      65.2414427,
    ],
  ];
  for (const [sys, ref, expected] of spaceCases) {
    it(`[test_chrf] whitespace kept, β=3 → ${expected}`, () => {
      const s = corpusChrf([sys], [[ref]], { beta: 3, whitespace: true });
      expect(s.score).to.be.closeTo(expected, 1e-4);
      expect(s.signature).to.contain('space:yes');
    });
  }

  const sentenceCases: Array<[string, string, number]> = [
    [
      'Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.',
      'Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.',
      39.14078509,
    ],
    [
      'Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.',
      'A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.',
      31.22557079,
    ],
    [
      'Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.',
      'Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.',
      57.15704367,
    ],
  ];
  for (const [sys, ref, expected] of sentenceCases) {
    it(`[test_chrf] sentence level, eps smoothing → ${expected}`, () => {
      expect(sentenceChrf(sys, [ref], { epsSmoothing: true }).score).to.be.closeTo(expected, 1e-4);
    });
  }

  it('[hand] "aa" vs "ab" at β=2: P̄ = R̄ = 1/4 → 25', () => {
    // unigrams: hyp {a:2}, ref {a:1,b:1} → m=1, P=1/2, R=1/2; bigrams: hyp {aa}, ref {ab} → m=0, P=R=0.
    // P̄ = R̄ = (1/2 + 0)/2 = 1/4 → F = 5·(1/16)/(4/4 + 1/4) = 1/4 → 25. (β does not matter when P̄ = R̄.)
    const s = corpusChrf(['aa'], [['ab']]);
    expect(s.score).to.be.closeTo(25, 1e-12);
    expect(s.stats.slice(0, 2)).to.deep.equal([
      { hyp: 2, ref: 2, match: 1 },
      { hyp: 1, ref: 1, match: 0 },
    ]);
    expect(s.hypLen).to.equal(2);
  });

  it('[hand] chrfFromStats weighs recall by β²', () => {
    // P = 1, R = 1/2, β = 2: F = 5·(1/2)/(4 + 1/2) = 5/9
    expect(chrfFromStats([{ hyp: 2, ref: 4, match: 2 }], 2, false)).to.be.closeTo(500 / 9, 1e-12);
  });

  it('code points, not UTF-16 units: an astral character is one character', () => {
    expect(corpusChrf(['😀'], [['😀']]).stats[1]).to.deep.equal({ hyp: 0, ref: 0, match: 0 });
  });

  it('lowercase option', () => {
    expect(corpusChrf(['ABC'], [['abc']], { lowercase: true }).score).to.be.closeTo(100, 1e-9);
    expect(corpusChrf(['ABC'], [['abc']], { lowercase: true }).signature).to.contain('case:lc');
  });
});
