/**
 * Number formatting that matches Python's `f'{x:.{digits}f}'`, which sacreBLEU uses for its score lines.
 * JavaScript's `toFixed` rounds exact ties (a binary value exactly halfway, e.g. 37.25 to one digit) away from zero;
 * Python rounds them to even (`37.2`). Everything else is identical: both round the exact binary value.
 */

/** `x` with `digits` decimals, ties to even, as Python's `format(x, f'.{digits}f')`. */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const plain = x.toFixed(digits);
  // The exact decimal expansion, far enough to see whether x sits exactly on a tie (5 followed by zeros only).
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 30));
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 1 + digits);
  if (!/^50*$/.test(tail)) return plain;
  // Exact tie: toFixed rounded away from zero; step back when that made the last kept digit odd.
  const kept = exact.slice(0, dot + 1 + digits).replace(/\.$/, '');
  const lastDigit = Number(kept[kept.length - 1]);
  if (lastDigit % 2 === 0) return (x < 0 ? '-' : '') + kept;
  return plain;
}
