/**
 * Float16 conversion against known IEEE 754 binary16 bit patterns (the examples of the binary16 format: 1 = 0x3C00,
 * 65504 = 0x7BFF, smallest normal 2^−14 = 0x0400, smallest subnormal 2^−24 = 0x0001, 1/3 ≈ 0x3555, …) and rounding
 * cases derived by hand from round-to-nearest-even.
 */
import { expect } from 'chai';
import { float16BitsToFloat32, float32ToFloat16Bits, fromFloat16Array, toFloat16Array } from '../../lib/io/float16.js';
import { Rng } from '../../lib/util/random.js';

describe('io/float16', () => {
  const exact: Array<[number, number]> = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [1 + 2 ** -10, 0x3c01],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff],
    [2 ** -14, 0x0400],
    [2 ** -14 - 2 ** -24, 0x03ff],
    [2 ** -24, 0x0001],
    [0.99951171875, 0x3bff],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
  ];
  for (const [value, bits] of exact) {
    it(`${Object.is(value, -0) ? '-0' : value} ⇄ 0x${bits.toString(16).padStart(4, '0')}`, () => {
      expect(float32ToFloat16Bits(value)).to.equal(bits);
      expect(Object.is(float16BitsToFloat32(bits), value)).to.equal(true);
    });
  }

  const rounding: Array<[string, number, number]> = [
    ['1/3 → nearest 0x3555', 1 / 3, 0x3555],
    ['65519 rounds down to max finite', 65519, 0x7bff],
    ['65520 (tie, odd mantissa) rounds up to Infinity', 65520, 0x7c00],
    ['1e6 overflows to Infinity', 1e6, 0x7c00],
    ['1 + 2^−11 (tie) rounds to even 0x3C00', 1 + 2 ** -11, 0x3c00],
    ['1 + 3·2^−11 (tie) rounds to even 0x3C02', 1 + 3 * 2 ** -11, 0x3c02],
    ['2^−25 (tie between 0 and 2^−24) rounds to even 0', 2 ** -25, 0x0000],
    ['just above 2^−25 rounds to 2^−24', 2 ** -25 * (1 + 2 ** -23), 0x0001],
    ['3·2^−25 (tie between 1 and 2 units) rounds to even 2 units', 3 * 2 ** -25, 0x0002],
    ['1e-9 underflows to 0', 1e-9, 0x0000],
    ['-1e-9 underflows to -0', -1e-9, 0x8000],
    ['2^−14 − 2^−25 (tie at the subnormal/normal edge) rounds to even 0x0400', 2 ** -14 - 2 ** -25, 0x0400],
  ];
  for (const [name, value, bits] of rounding) {
    it(name, () => expect(float32ToFloat16Bits(value)).to.equal(bits));
  }

  it('NaN stays NaN', () => {
    const bits = float32ToFloat16Bits(NaN);
    expect(bits & 0x7c00).to.equal(0x7c00);
    expect(bits & 0x3ff).to.not.equal(0);
    expect(Number.isNaN(float16BitsToFloat32(bits))).to.equal(true);
  });

  it('every one of the 65536 bit patterns survives decode → encode (NaNs stay NaN)', () => {
    for (let h = 0; h < 0x10000; h++) {
      const x = float16BitsToFloat32(h);
      if (Number.isNaN(x)) expect(Number.isNaN(float16BitsToFloat32(float32ToFloat16Bits(x)))).to.equal(true);
      else if (float32ToFloat16Bits(x) !== h)
        expect.fail(`0x${h.toString(16)} → ${x} → 0x${float32ToFloat16Bits(x).toString(16)}`);
    }
  });

  it('round-trip error: relative ≤ 2^−11 for normal values, absolute ≤ 2^−25 for subnormal ones', () => {
    const rng = new Rng(7);
    const values = Float32Array.from({ length: 20000 }, (_, i) => rng.normal() * 10 ** ((i % 9) - 6));
    const back = fromFloat16Array(toFloat16Array(values));
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      const err = Math.abs(back[i]! - x);
      if (Math.abs(x) >= 2 ** -14) expect(err).to.be.at.most(Math.abs(x) * 2 ** -11);
      else expect(err).to.be.at.most(2 ** -25);
    }
  });
});
