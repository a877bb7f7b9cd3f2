/**
 * A checkpoint's weights by `ParamStore` name, with the re-layouts the exporter needs: column blocks of packed gate
 * kernels, transposes (ONNX's recurrent ops take `W: [gates·H, I]` where ours are `[I, gates·H]`), row ranges.
 * Plain Float32Arrays: exporting needs no tensor backend.
 */
import type { StoredTensor } from '../io/index.js';
import { OnnxExportError } from './export-error.js';

/** A row-major matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

export class WeightTable {
  private readonly byName: Map<string, StoredTensor>;

  constructor(weights: readonly StoredTensor[]) {
    this.byName = new Map(weights.map((w) => [w.name, w]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The float32 values of `name` (any rank). @throws OnnxExportError when absent or not float32 */
  values(name: string): Float32Array {
    const w = this.byName.get(name);
    if (!w || w.dtype !== 'float32')
      throw new OnnxExportError(
        'E_ONNX_WEIGHT',
        `export: the checkpoint has no float32 weight '${name}' that its config implies (was it written by another program?)`,
        { name },
      );
    return w.data;
  }

  shape(name: string): number[] {
    this.values(name);
    return this.byName.get(name)!.shape;
  }

  /** A rank-2 weight as a matrix. */
  matrix(name: string): Matrix {
    const shape = this.shape(name);
    if (shape.length !== 2)
      throw new OnnxExportError('E_ONNX_WEIGHT', `export: weight '${name}' must be a matrix, got shape [${shape}]`, {
        name,
      });
    return { rows: shape[0]!, cols: shape[1]!, data: this.values(name) };
  }
}

/** Rows [from, to) of m. */
export function rowRange(m: Matrix, from: number, to: number): Matrix {
  return { rows: to - from, cols: m.cols, data: m.data.slice(from * m.cols, to * m.cols) };
}

/** Column block `block` of width `width`: m[:, block·width : (block+1)·width]. */
export function columnBlock(m: Matrix, block: number, width: number): Matrix {
  const data = new Float32Array(m.rows * width);
  for (let r = 0; r < m.rows; r++)
    data.set(m.data.subarray(r * m.cols + block * width, r * m.cols + (block + 1) * width), r * width);
  return { rows: m.rows, cols: width, data };
}

/** mᵀ. */
export function transpose(m: Matrix): Matrix {
  const data = new Float32Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) data[c * m.rows + r] = m.data[r * m.cols + c]!;
  return { rows: m.cols, cols: m.rows, data };
}

/** −m (element-wise). */
export function negate(values: Float32Array): Float32Array {
  return values.map((v) => -v);
}

/** The arrays one after another. */
export function concatValues(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
