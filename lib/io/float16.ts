/**
 * IEEE 754 binary16 ("half") conversion, used to store weights in half the space.
 *
 * binary16 = 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits:
 *   value = (−1)^s · 2^(e−15) · (1 + m/1024)   for 1 ≤ e ≤ 30   (normal)
 *   value = (−1)^s · 2^(−14) · (m/1024)        for e = 0        (subnormal, step 2^−24)
 *   e = 31: ±Infinity (m = 0) or NaN (m ≠ 0).
 * float32 → float16 rounds to nearest, ties to even (the IEEE default); values ≥ 65520 become ±Infinity, values
 * ≤ 2^−25 become ±0; NaN stays NaN (quiet). float16 → float32 is exact.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Rounds `value >>> shift` to nearest, ties to even, given the bits shifted out. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/** The binary16 bit pattern (0..0xFFFF) nearest to `x` (first rounded to float32). */
export function float32ToFloat16Bits(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp32 = (bits >>> 23) & 0xff;
  const mant32 = bits & 0x7fffff;
  if (exp32 === 0xff) return sign | 0x7c00 | (mant32 !== 0 ? 0x200 | (mant32 >>> 13) : 0);
  const exp16 = exp32 - 127 + 15;
  if (exp16 >= 0x1f) return sign | 0x7c00;
  if (exp16 <= 0) {
    // Subnormal result: the 24-bit significand (implicit 1 included) in units of 2^−24.
    if (exp16 < -10) return sign;
    return sign | roundShift(mant32 | 0x800000, 14 - exp16);
  }
  // Normal: keep 10 of 23 mantissa bits; a carry out of the mantissa correctly bumps the exponent (up to Infinity).
  return sign | roundShift((exp16 << 23) | mant32, 13);
}

/** The float value of a binary16 bit pattern. */
export function float16BitsToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant !== 0 ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Element-wise `float32ToFloat16Bits`. */
export function toFloat16Array(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float32ToFloat16Bits(values[i]!);
  return out;
}

/** Element-wise `float16BitsToFloat32`. */
export function fromFloat16Array(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16BitsToFloat32(bits[i]!);
  return out;
}
