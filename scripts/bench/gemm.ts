/** fp32 GEMM throughput of the active backend: 2048² and the decoder's own shapes (those of torch_reference.py). */
import * as tf from '@tensorflow/tfjs-core';
import { timeMedian } from './timing.js';

/** [M, K, N] per shape name, as in the PyTorch reference. */
export const GEMM_SHAPES: Record<string, [number, number, number]> = {
  b1_x_1280x2048: [1, 1280, 2048],
  b64_x_1280x2048: [64, 1280, 2048],
  b64_x_512x8000: [64, 512, 8000],
  b1920_x_512x8000: [1920, 512, 8000],
};

/** GFLOP/s of `[M, K] · [K, N]`, `inner` products per timed run (median of `reps`). */
export async function gemmGflops(m: number, k: number, n: number, reps: number, inner = 1): Promise<number> {
  const a = tf.randomUniform([m, k]) as tf.Tensor2D;
  const b = tf.randomUniform([k, n]) as tf.Tensor2D;
  try {
    const run = async (): Promise<void> => {
      for (let i = 0; i < inner; i++) {
        const c = tf.matMul(a, b);
        await c.data();
        c.dispose();
      }
    };
    const { median } = await timeMedian(run, reps);
    return (2 * m * k * n * inner) / median / 1e9;
  } finally {
    tf.dispose([a, b]);
  }
}

/** The square 2048² GEMM (or `size`²) and, unless `squareOnly`, every shape of `GEMM_SHAPES`. */
export async function measureGemm(
  reps: number,
  size = 2048,
  squareOnly = false,
): Promise<{ square: number; size: number; shapes: Record<string, number> }> {
  const square = await gemmGflops(size, size, size, reps);
  const shapes: Record<string, number> = {};
  if (!squareOnly) {
    for (const [name, [m, k, n]] of Object.entries(GEMM_SHAPES)) {
      shapes[name] = await gemmGflops(m, k, n, reps, Math.max(1, Math.min(50, Math.round(2e8 / (2 * m * k * n)))));
    }
  }
  return { square, size, shapes };
}
