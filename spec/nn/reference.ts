/**
 * Plain-JavaScript float64 reference implementations of the cells and attention, written from the formulas in the
 * project's design notes (DESIGN.md, kept beside the repository), independent of tfjs. Matrices are arrays of rows;
 * vectors are arrays.
 */
export type Vec = number[];
export type Mat = number[][];

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x)); // σ(x)

/** x · W for a row vector x [n] and W [n, m] → [m]. */
export function vecMat(x: Vec, w: Mat): Vec {
  const out = new Array<number>(w[0]!.length).fill(0); // accumulator, one per output column
  for (let i = 0; i < x.length; i++) for (let j = 0; j < out.length; j++) out[j]! += x[i]! * w[i]![j]!; // Σ_i x_i W_ij
  return out;
}

/** Reshapes a flat row-major array into [rows, cols]. */
export function toMat(flat: ArrayLike<number>, rows: number, cols: number): Mat {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => flat[r * cols + c]!));
}

/** h_t = tanh([x ; h] · W + b) */
export function rnnStep(x: Vec, h: Vec, W: Mat, b: Vec): Vec {
  const a = vecMat([...x, ...h], W); // pre-activation [x ; h] · W
  return a.map((v, j) => Math.tanh(v + b[j]!)); // tanh(a + b)
}

/** LSTM, gate order i, f, g, o: returns [h_t, c_t]. */
export function lstmStep(x: Vec, h: Vec, c: Vec, W: Mat, b: Vec): [Vec, Vec] {
  const H = h.length; // hidden width
  const a = vecMat([...x, ...h], W).map((v, j) => v + b[j]!); // [x ; h] · W + b, width 4H
  const i = a.slice(0, H).map(sigmoid); // input gate
  const f = a.slice(H, 2 * H).map(sigmoid); // forget gate
  const g = a.slice(2 * H, 3 * H).map(Math.tanh); // candidate
  const o = a.slice(3 * H).map(sigmoid); // output gate
  const cNext = c.map((cj, j) => f[j]! * cj + i[j]! * g[j]!); // c_t = f ⊙ c + i ⊙ g
  const hNext = cNext.map((cj, j) => o[j]! * Math.tanh(cj)); // h_t = o ⊙ tanh(c_t)
  return [hNext, cNext];
}

/** GRU (z weights the new candidate): h_t = (1 − z) ⊙ h + z ⊙ tanh([x ; r ⊙ h] · W_c + b_c). */
export function gruStep(x: Vec, h: Vec, Wrz: Mat, brz: Vec, Wc: Mat, bc: Vec): Vec {
  const H = h.length; // hidden width
  const rz = vecMat([...x, ...h], Wrz).map((v, j) => sigmoid(v + brz[j]!)); // [r ; z] = σ([x ; h] · W_rz + b_rz)
  const r = rz.slice(0, H); // reset gate
  const z = rz.slice(H); // update gate
  const cand = vecMat([...x, ...h.map((hj, j) => r[j]! * hj)], Wc).map((v, j) => Math.tanh(v + bc[j]!)); // ĥ
  return h.map((hj, j) => (1 - z[j]!) * hj + z[j]! * cand[j]!); // interpolate old state and candidate
}

/** Bahdanau attention for one query: returns [context, weights]. Masked positions get weight 0. */
export function bahdanau(s: Vec, memory: Mat, valid: boolean[], Wa: Mat, Ua: Mat, ba: Vec, v: Vec): [Vec, Vec] {
  const q = vecMat(s, Wa); // W_a s
  const e = memory.map((hj) => vecMat(hj, Ua).reduce((acc, k, a) => acc + v[a]! * Math.tanh(k + ba[a]! + q[a]!), 0)); // e_j = vᵀ tanh(W_a s + U_a h_j + b_a)
  const max = Math.max(...e.filter((_, j) => valid[j])); // for a stable softmax
  const ex = e.map((ej, j) => (valid[j] ? Math.exp(ej - max) : 0)); // exp over real positions only
  const sum = ex.reduce((a, b) => a + b, 0); // normaliser
  const alpha = ex.map((x) => x / sum); // α_j
  const context = memory[0]!.map((_, c) => memory.reduce((acc, hj, j) => acc + alpha[j]! * hj[c]!, 0)); // Σ_j α_j h_j
  return [context, alpha];
}
