/** Option parsing (table-driven) and the length penalties. */
import { expect } from 'chai';
import { averagePenalty, lengthPenalty, noPenalty, wuPenalty } from '../../lib/decode/length-penalty.js';
import { DEFAULTS, parseDecodeOptions } from '../../lib/decode/options.js';
import { sentenceMaxLengths } from '../../lib/decode/decode.js';
import { OptionError } from '../../lib/errors.js';

describe('decode options', () => {
  it('defaults when nothing is given', () => {
    expect(parseDecodeOptions({})).to.deep.equal({ ...DEFAULTS });
  });

  const accepted: [string, Record<string, unknown>, Partial<typeof DEFAULTS>][] = [
    ['kebab-case from the CLI parser', { 'beam-size': 8, 'n-best': 3, 'length-penalty': 'wu', alpha: 0.7 }, { beamSize: 8, nBest: 3, lengthPenalty: 'wu', alpha: 0.7 }],
    ['camelCase from the API', { beamSize: 2, maxLength: 40, maxLengthRatio: 1.5, minLength: 3 }, { beamSize: 2, maxLength: 40, maxLengthRatio: 1.5, minLength: 3 }],
    ['strings as on a command line', { 'beam-size': '1', sampling: 'true', temperature: '0.7', 'top-k': '10', 'top-p': '0.9', seed: '-3' }, { beamSize: 1, sampling: true, temperature: 0.7, topK: 10, topP: 0.9, seed: -3 }],
    ['flags', { 'ban-unk': true, 'lm-rescore': 'yes', 'lm-weight': 0.3, 'no-repeat-ngram-size': 3, alignment: 'hard' }, { banUnk: true, lmRescore: true, lmWeight: 0.3, noRepeatNgramSize: 3, alignment: 'hard' }],
    ['unrelated keys are left to the CLI', { backend: 'wasm', 'beam-size': undefined }, {}],
  ];
  for (const [name, raw, expected] of accepted) {
    it(`accepts ${name}`, () => {
      expect(parseDecodeOptions(raw)).to.deep.equal({ ...DEFAULTS, ...expected });
    });
  }

  const rejected: [Record<string, unknown>, string][] = [
    [{ 'beam-size': 0 }, '--beam-size'],
    [{ 'beam-size': 2.5 }, '--beam-size'],
    [{ 'beam-size': 'five' }, '--beam-size'],
    [{ 'beam-size': 3, 'n-best': 4 }, '--n-best'],
    [{ 'n-best': 0 }, '--n-best'],
    [{ 'length-penalty': 'gnmt' }, '--length-penalty'],
    [{ alpha: -1 }, '--alpha'],
    [{ 'min-length': 10, 'max-length': 5 }, '--min-length'],
    [{ 'max-length': 0 }, '--max-length'],
    [{ 'max-length-ratio': -1 }, '--max-length-ratio'],
    [{ sampling: true, 'beam-size': 4 }, '--beam-size'],
    [{ sampling: 'maybe' }, '--sampling'],
    [{ temperature: 0 }, '--temperature'],
    [{ 'top-k': -1 }, '--top-k'],
    [{ 'top-p': 0 }, '--top-p'],
    [{ 'top-p': 1.5 }, '--top-p'],
    [{ seed: 1.5 }, '--seed'],
    [{ 'no-repeat-ngram-size': -2 }, '--no-repeat-ngram-size'],
    [{ 'lm-weight': Number.NaN }, '--lm-weight'],
    [{ 'lm-weight': -0.5 }, '--lm-weight'],
    [{ alignment: 'both' }, '--alignment'],
    // sizes have upper bounds: memory grows with them (defect: --beam-size 1e9 aborted on out-of-memory)
    [{ 'beam-size': 1e9 }, '--beam-size'],
    [{ 'beam-size': 1e9, 'n-best': 1e9 }, '--beam-size'],
    [{ 'max-length': 1e9 }, '--max-length'],
    [{ 'max-length-ratio': 1e9 }, '--max-length-ratio'],
    [{ 'top-k': 1e12 }, '--top-k'],
    [{ 'no-repeat-ngram-size': 1e9 }, '--no-repeat-ngram-size'],
    [{ seed: 2 ** 60 }, '--seed'],
    [{ alpha: 1e9 }, '--alpha'],
    [{ temperature: 1e9 }, '--temperature'],
    [{ 'lm-weight': 1e9 }, '--lm-weight'],
  ];
  for (const [raw, option] of rejected) {
    it(`rejects ${JSON.stringify(raw)} naming ${option}`, () => {
      let error: unknown;
      try {
        parseDecodeOptions(raw);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(OptionError);
      const e = error as OptionError;
      expect(e.code).to.equal('E_OPTION_INVALID');
      expect(e.message.startsWith(`${option} must be`), e.message).to.equal(true);
      expect(e.details['option']).to.equal(option);
    });
  }

  it('per-sentence max lengths: min(max, ceil(ratio · |x|)), never below min length', () => {
    const options = parseDecodeOptions({ maxLength: 10, maxLengthRatio: 1.5, minLength: 2 });
    expect(sentenceMaxLengths(options, 4, [1, 3, 20, 0])).to.deep.equal([2, 5, 10, 2]);
    expect(sentenceMaxLengths(options, 2)).to.deep.equal([10, 10]);
    expect(sentenceMaxLengths({ ...options, maxLengthRatio: 0 }, 1, [3])).to.deep.equal([10]);
  });
});

describe('length penalties', () => {
  it('none = 1, avg = |y|, wu = ((5 + |y|) / 6)^α', () => {
    expect(noPenalty(7)).to.equal(1);
    expect(averagePenalty(7)).to.equal(7);
    expect(wuPenalty(1, 0.6)).to.equal(1);
    expect(wuPenalty(7, 1)).to.equal(2);
    expect(wuPenalty(13, 0.5)).to.be.closeTo(Math.sqrt(3), 1e-12);
    expect(wuPenalty(9, 0)).to.equal(1);
    expect(lengthPenalty('wu', 2)(7)).to.equal(4);
    expect(lengthPenalty('avg', 2)(7)).to.equal(7);
  });

  it('every penalty is non-decreasing in |y| (the early-finishing bound relies on it)', () => {
    for (const lp of [lengthPenalty('none', 0), lengthPenalty('avg', 0), lengthPenalty('wu', 0.6), lengthPenalty('wu', 2)]) {
      for (let n = 1; n < 50; n++) expect(lp(n + 1)).to.be.at.least(lp(n));
    }
  });
});
