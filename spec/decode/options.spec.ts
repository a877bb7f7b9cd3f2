/** Decode option validation (table-driven, errors by field) and the length penalties. */
import { expect } from 'chai';
import { averagePenalty, lengthPenalty, noPenalty, wuPenalty } from '../../lib/decode/length-penalty.js';
import { DEFAULTS, resolveDecodeOptions, type DecodeOptions } from '../../lib/decode/options.js';
import { sentenceMaxLengths } from '../../lib/decode/decode.js';
import { OptionError } from '../../lib/errors.js';

describe('decode options', () => {
  it('defaults when nothing is given', () => {
    expect(resolveDecodeOptions({})).to.deep.equal({ ...DEFAULTS });
  });

  const accepted: [string, Partial<DecodeOptions> & Record<string, unknown>, Partial<DecodeOptions>][] = [
    [
      'search options',
      { beamSize: 8, nBest: 3, lengthPenalty: 'wu', alpha: 0.7 },
      { beamSize: 8, nBest: 3, lengthPenalty: 'wu', alpha: 0.7 },
    ],
    [
      'length limits',
      { beamSize: 2, maxLength: 40, maxLengthRatio: 1.5, minLength: 3 },
      { beamSize: 2, maxLength: 40, maxLengthRatio: 1.5, minLength: 3 },
    ],
    [
      'sampling',
      { beamSize: 1, sampling: true, temperature: 0.7, topK: 10, topP: 0.9, seed: -3 },
      { beamSize: 1, sampling: true, temperature: 0.7, topK: 10, topP: 0.9, seed: -3 },
    ],
    [
      'processors and the LM',
      { banUnk: true, lmRescore: true, lmWeight: 0.3, noRepeatNgramSize: 3, alignment: 'hard' },
      { banUnk: true, lmRescore: true, lmWeight: 0.3, noRepeatNgramSize: 3, alignment: 'hard' },
    ],
    ['undefined fields and unrelated keys', { backend: 'wasm', beamSize: undefined }, {}],
  ];
  for (const [name, partial, expected] of accepted) {
    it(`accepts ${name}`, () => {
      expect(resolveDecodeOptions(partial)).to.deep.equal({ ...DEFAULTS, ...expected });
    });
  }

  // Values as an untyped caller (a JSON request body) might send them; the field is reported, never a CLI flag.
  const rejected: [Record<string, unknown>, keyof DecodeOptions][] = [
    [{ beamSize: 0 }, 'beamSize'],
    [{ beamSize: 2.5 }, 'beamSize'],
    [{ beamSize: '5' }, 'beamSize'],
    [{ beamSize: 3, nBest: 4 }, 'nBest'],
    [{ nBest: 0 }, 'nBest'],
    [{ lengthPenalty: 'gnmt' }, 'lengthPenalty'],
    [{ alpha: -1 }, 'alpha'],
    [{ minLength: 10, maxLength: 5 }, 'minLength'],
    [{ maxLength: 0 }, 'maxLength'],
    [{ maxLengthRatio: -1 }, 'maxLengthRatio'],
    [{ sampling: true, beamSize: 4 }, 'beamSize'],
    [{ sampling: 'yes' }, 'sampling'],
    [{ temperature: 0 }, 'temperature'],
    [{ topK: -1 }, 'topK'],
    [{ topP: 0 }, 'topP'],
    [{ topP: 1.5 }, 'topP'],
    [{ seed: 1.5 }, 'seed'],
    [{ noRepeatNgramSize: -2 }, 'noRepeatNgramSize'],
    [{ lmWeight: Number.NaN }, 'lmWeight'],
    [{ lmWeight: -0.5 }, 'lmWeight'],
    [{ alignment: 'both' }, 'alignment'],
    // sizes have upper bounds: memory grows with them (defect: --beam-size 1e9 aborted on out-of-memory)
    [{ beamSize: 1e9 }, 'beamSize'],
    [{ beamSize: 1e9, nBest: 1e9 }, 'beamSize'],
    [{ maxLength: 1e9 }, 'maxLength'],
    [{ maxLengthRatio: 1e9 }, 'maxLengthRatio'],
    [{ topK: 1e12 }, 'topK'],
    [{ noRepeatNgramSize: 1e9 }, 'noRepeatNgramSize'],
    [{ seed: 2 ** 60 }, 'seed'],
    [{ alpha: 1e9 }, 'alpha'],
    [{ temperature: 1e9 }, 'temperature'],
    [{ lmWeight: 1e9 }, 'lmWeight'],
  ];
  for (const [raw, field] of rejected) {
    it(`rejects ${JSON.stringify(raw)} naming the field ${field}`, () => {
      let error: unknown;
      try {
        resolveDecodeOptions(raw as Partial<DecodeOptions>);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(OptionError);
      const e = error as OptionError;
      expect(e.code).to.equal('E_OPTION_INVALID');
      expect(e.message.startsWith(`decode option ${field} must be`), e.message).to.equal(true);
      expect(e.message).to.not.include('--');
      expect(e.details['field']).to.equal(field);
      expect(e.details['expected']).to.be.a('string');
    });
  }

  it('per-sentence max lengths: min(max, ceil(ratio · |x|)), never below min length', () => {
    const options = resolveDecodeOptions({ maxLength: 10, maxLengthRatio: 1.5, minLength: 2 });
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
    for (const lp of [
      lengthPenalty('none', 0),
      lengthPenalty('avg', 0),
      lengthPenalty('wu', 0.6),
      lengthPenalty('wu', 2),
    ]) {
      for (let n = 1; n < 50; n++) expect(lp(n + 1)).to.be.at.least(lp(n));
    }
  });
});
