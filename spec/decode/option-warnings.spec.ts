/** Options set to no effect are named; consistent sets give no warning. */
import { expect } from 'chai';
import { ignoredDecodeOptions } from '../../lib/decode/option-warnings.js';
import { parseDecodeOptions } from '../../lib/decode/options.js';

describe('ignoredDecodeOptions', () => {
  const cases: [Record<string, unknown>, RegExp[]][] = [
    [{}, []],
    [{ temperature: 0.5 }, [/--temperature has no effect without --sampling/]],
    [{ 'top-k': 5, 'top-p': 0.9, seed: 4 }, [/--top-k/, /--top-p/, /--seed/]],
    [{ sampling: true, 'beam-size': 1, temperature: 0.5, 'top-k': 5, seed: 4 }, []],
    [{ alpha: 1 }, [/--alpha has no effect with --length-penalty avg/]],
    [{ alpha: 1, 'length-penalty': 'wu' }, []],
    [{ 'lm-rescore': true }, [/--lm-rescore has no effect/]],
    [{ 'lm-rescore': true, 'lm-weight': 0.3 }, []],
  ];
  for (const [raw, expected] of cases) {
    it(`${JSON.stringify(raw)} → ${expected.length} warning(s)`, () => {
      const warnings = ignoredDecodeOptions(parseDecodeOptions(raw));
      expect(warnings).to.have.length(expected.length);
      expected.forEach((pattern, i) => expect(warnings[i]).to.match(pattern));
    });
  }
});
