/** Options set to no effect are named; consistent sets give no warning. */
import { expect } from 'chai';
import { ignoredDecodeOptions } from '../../scripts/cli/decode-option-warnings.js';
import { resolveDecodeOptions, type DecodeOptions } from '../../lib/decode/options.js';

/** Flag-named values (`top-k`) as the library's fields (`topK`). */
const fields = (raw: Record<string, unknown>): Partial<DecodeOptions> =>
  Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );

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
      const warnings = ignoredDecodeOptions(resolveDecodeOptions(fields(raw)));
      expect(warnings).to.have.length(expected.length);
      expected.forEach((pattern, i) => expect(warnings[i]).to.match(pattern));
    });
  }
});
