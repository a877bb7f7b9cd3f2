/**
 * The threaded build's self-test: a few ops of the shapes the models use, run on the active backend and compared
 * with a plain-JavaScript float64 reference (no second backend needed).
 *
 * - matrix product and its gradient: Y = A·B with A [96, 160], B [160, 128]; for L = Σ Y, ∂L/∂A[i,k] = Σ_j B[k,j];
 * - three LSTM steps with batch 24, input 40, hidden 48 (gates packed i, f, g, o):
 *   z = x_t·W + h·U + b [24, 192]; c ← σ(z_f)⊙c + σ(z_i)⊙tanh(z_g); h ← σ(z_o)⊙tanh(c) [24, 48].
 *
 * Passes when every value agrees to |got − want| ≤ 1e-4·(1 + |want|) and no tensor is left behind.
 */
import * as tf from '@tensorflow/tfjs-core';

const TOLERANCE = 1e-4;

/** Deterministic inputs in [−0.5, 0.5] (float32: the reference then starts from exactly the tensors' values). */
function values(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin(0.37 * i + seed));
}

/** C [m, n] = A [m, k] · B [k, n], row-major. */
function matmulRef(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p]!;
      for (let j = 0; j < n; j++) c[i * n + j]! += av * b[p * n + j]!;
    }
  }
  return c;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** The LSTM steps of the doc comment in float64; returns h after the last step. */
function lstmRef(
  xs: Float32Array[],
  w: Float32Array,
  u: Float32Array,
  bias: Float32Array,
  batch: number,
  input: number,
  hidden: number,
): ArrayLike<number> {
  let h: ArrayLike<number> = new Float64Array(batch * hidden);
  const c = new Float64Array(batch * hidden);
  for (const x of xs) {
    const zx = matmulRef(x, w, batch, input, 4 * hidden);
    const zh = matmulRef(h, u, batch, hidden, 4 * hidden);
    const next = new Float64Array(batch * hidden);
    for (let r = 0; r < batch; r++) {
      for (let j = 0; j < hidden; j++) {
        const z = (gate: number): number =>
          zx[r * 4 * hidden + gate * hidden + j]! + zh[r * 4 * hidden + gate * hidden + j]! + bias[gate * hidden + j]!;
        const cell = sigmoid(z(1)) * c[r * hidden + j]! + sigmoid(z(0)) * Math.tanh(z(2));
        c[r * hidden + j] = cell;
        next[r * hidden + j] = sigmoid(z(3)) * Math.tanh(cell);
      }
    }
    h = next;
  }
  return h;
}

function lstmTf(
  xs: tf.Tensor2D[],
  w: tf.Tensor2D,
  u: tf.Tensor2D,
  bias: tf.Tensor1D,
  batch: number,
  hidden: number,
): tf.Tensor2D {
  let h: tf.Tensor2D = tf.zeros([batch, hidden]);
  let c: tf.Tensor2D = tf.zeros([batch, hidden]);
  for (const x of xs) {
    const z = tf.add(tf.add(tf.matMul(x, w), tf.matMul(h, u)), bias);
    const [i, f, g, o] = tf.split(z, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    h = tf.mul(tf.sigmoid(o), tf.tanh(c));
  }
  return h;
}

/** First disagreement between `got` and `want`, or undefined. */
function mismatch(what: string, got: ArrayLike<number>, want: ArrayLike<number>): string | undefined {
  if (got.length !== want.length) return `${what}: ${got.length} values, expected ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!,
      e = want[i]!;
    if (!(Math.abs(g - e) <= TOLERANCE * (1 + Math.abs(e)))) return `${what}[${i}] = ${g}, expected ${e}`;
  }
  return undefined;
}

/** Runs the self-test on the active backend. @returns undefined when it passes, else what went wrong. */
export function wasmSelfTest(): string | undefined {
  const before = tf.memory().numTensors;
  const [m, k, n] = [96, 160, 128];
  const [batch, input, hidden, steps] = [24, 40, 48, 3];
  const a = values(m * k, 1),
    b = values(k * n, 2);
  const w = values(input * 4 * hidden, 3),
    u = values(hidden * 4 * hidden, 4),
    bias = values(4 * hidden, 5);
  const xs = Array.from({ length: steps }, (_, t) => values(batch * input, 6 + t));
  const result = tf.tidy(() => {
    const tb = tf.tensor2d(b, [k, n]);
    const [y, gradA] = [
      tf.matMul(tf.tensor2d(a, [m, k]), tb),
      tf.grad((x: tf.Tensor) => tf.sum(tf.matMul(x as tf.Tensor2D, tb)))(tf.tensor2d(a, [m, k])),
    ];
    const h = lstmTf(
      xs.map((x) => tf.tensor2d(x, [batch, input])),
      tf.tensor2d(w, [input, 4 * hidden]),
      tf.tensor2d(u, [hidden, 4 * hidden]),
      tf.tensor1d(bias),
      batch,
      hidden,
    );
    return { y: y.dataSync(), gradA: gradA.dataSync(), h: h.dataSync() };
  });
  const rowSums = Float64Array.from({ length: k }, (_, p) => b.subarray(p * n, (p + 1) * n).reduce((s, v) => s + v, 0));
  const failure =
    mismatch('matMul', result.y, matmulRef(a, b, m, k, n)) ??
    mismatch(
      'matMul gradient',
      result.gradA,
      Float64Array.from({ length: m * k }, (_, i) => rowSums[i % k]!),
    ) ??
    mismatch('LSTM steps', result.h, lstmRef(xs, w, u, bias, batch, input, hidden));
  if (failure) return failure;
  const leaked = tf.memory().numTensors - before;
  return leaked === 0 ? undefined : `${leaked} tensors left behind`;
}
