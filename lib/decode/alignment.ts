/** Hard alignment from soft attention: each target step is aligned to its most attended source position. */

/** `a_i = argmax_j α_ij` for every target step i; [T][S] → [T] (ties: the first position). */
export function hardAlignment(attention: readonly (readonly number[])[]): number[] {
  return attention.map((row) => row.reduce((best, weight, j) => (weight > row[best]! ? j : best), 0));
}

/** Pharaoh-style `source-target` pairs (`0-0 1-2 …`), as fast_align and Moses print them. */
export function formatAlignment(alignment: readonly number[]): string {
  return alignment.map((source, target) => `${source}-${target}`).join(' ');
}
