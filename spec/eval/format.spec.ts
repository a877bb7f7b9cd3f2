import { expect } from 'chai';
import { formatFixed } from '../../lib/eval/format.js';

describe('eval/format formatFixed (Python f-string rounding)', () => {
  // Expected strings are what Python 3 prints for f'{x:.{d}f}' (exact binary ties round to even).
  const table: Array<[number, number, string]> = [
    [48.530827009929865, 2, '48.53'],
    [37.25, 1, '37.2'],
    [37.75, 1, '37.8'],
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [2.5, 0, '2'],
    [-0.25, 1, '-0.2'],
    [0.15, 1, '0.1'], // 0.15 is 0.1499999… in binary: not a tie
    [1, 3, '1.000'],
  ];
  for (const [x, d, s] of table) it(`${x} → ${s}`, () => expect(formatFixed(x, d)).to.equal(s));
});
