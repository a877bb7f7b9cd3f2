/** Row-major host arrays of decoding states: selecting and reordering rows (beam reordering, finished sentences). */
import type { OrtTensor } from './ort-runtime.js';

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

/** A float32 ONNX Runtime output's values (a host array for CPU outputs). */
export function floats(t: OrtTensor): Float32Array {
  return t.data as Float32Array;
}
