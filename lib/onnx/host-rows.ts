/** Row-major host arrays of decoding states: selecting and reordering rows (beam reordering, finished sentences). */

/** h (and c for LSTM): [N, H] each, row-major. */
export interface HostCellState {
  h: Float32Array;
  c?: Float32Array;
}

/** Rows `rows` of a row-major [N, width] array, in that order: [N', width]. */
export function gatherRows(data: Float32Array, width: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(data.subarray(r * width, (r + 1) * width), i * width));
  return out;
}
