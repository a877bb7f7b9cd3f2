/**
 * The onnx engine's part of `npm run bench`: GEMM, greedy B = 1/16/64, beam K = 5 B = 16 and LM scoring on ONNX
 * Runtime, printed as a table beside the tfjs backends', with its ratios to PyTorch; and the reference-BLAS guard.
 */
import { beamTokenFlops, greedyTokenFlops, lmTokenFlops, REF } from './flops.js';
import { formatTable, RATIO_KEYS, ratio, WORKLOADS, type Figure } from './report.js';
import { openmpBlas, type TorchFigures } from './torch.js';
import { measureOrtGemm, referenceOnnx, timeOnnxDecode, timeOnnxLmScoring } from './onnx-workloads.js';
import type { Timing } from './timing.js';

/** PyTorch's 2048² GEMM below this runs on the reference BLAS (~5 GFLOP/s), not OpenBLAS/MKL (160–190 here). */
export const MIN_TORCH_GEMM_GFLOPS = 50;

/** Why PyTorch's figures cannot be compared with (a reference BLAS), or null when they can. */
export function referenceBlasNote(torch: TorchFigures): string | null {
  const gemm = torch.gemm2048_gflops;
  if (!openmpBlas())
    return 'ratios withheld: the OpenMP OpenBLAS is not installed, so PyTorch may run on the reference BLAS; sudo apt-get install libopenblas0-openmp';
  if (gemm !== undefined && gemm < MIN_TORCH_GEMM_GFLOPS)
    return `ratios withheld: PyTorch's GEMM reaches ${gemm.toFixed(1)} GFLOP/s (< ${MIN_TORCH_GEMM_GFLOPS}): a reference BLAS; sudo apt-get install libopenblas0-openmp`;
  return null;
}

export interface OnnxEngineResult {
  loaded: boolean;
  detail: string;
  gemm: number | null;
  figures: Record<string, Figure>;
  ratios: Record<string, number | null>;
}

interface Context {
  reps: number;
  quick: boolean;
  torch: TorchFigures | null;
  /** PyTorch runs on an optimized BLAS: ratios are computed and printed. */
  comparable: boolean;
  log: (msg: string) => void;
  attempt: (name: string, run: () => Promise<Figure>, flopsPerToken: number) => Promise<Figure>;
}

export async function measureOnnxEngine({
  reps,
  quick,
  torch,
  comparable,
  log,
  attempt,
}: Context): Promise<OnnxEngineResult> {
  let opened: Awaited<ReturnType<typeof referenceOnnx>>;
  try {
    opened = await referenceOnnx();
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    log(`onnx engine: ${detail}`);
    return { loaded: false, detail, gemm: null, figures: {}, ratios: {} };
  }
  const { describeOrt, loadOrt } = await import('../../lib/onnx/ort-runtime.js');
  const detail = describeOrt(await loadOrt());
  log(`onnx engine: ${detail}; GEMM`);
  const gemm = await measureOrtGemm(quick ? 1024 : 2048, Math.max(3, reps));
  const figure = (timing: Timing, tokens: number, flops: number): Figure => ({
    tokS: tokens / timing.median,
    flopsPerToken: flops,
    peakFraction: ((tokens / timing.median) * flops) / (gemm * 1e9),
    seconds: timing.median,
  });
  const figures: Record<string, Figure> = {};
  try {
    for (const b of [1, 16, 64])
      figures[`greedy_b${b}`] = await attempt(
        `onnx greedy B=${b}`,
        async () => figure(await timeOnnxDecode(opened.model, b, 1, reps), b * REF.T, greedyTokenFlops()),
        greedyTokenFlops(),
      );
    figures['beam_b16'] = await attempt(
      'onnx beam K=5 B=16',
      async () => figure(await timeOnnxDecode(opened.model, 16, 5, reps), 16 * REF.T, beamTokenFlops(5)),
      beamTokenFlops(5),
    );
    figures['lm'] = await attempt(
      'onnx LM scoring 32×64',
      async () => figure(await timeOnnxLmScoring(opened.lm, 32, 64, reps), 32 * 64, lmTokenFlops()),
      lmTokenFlops(),
    );
  } finally {
    await Promise.all([opened.model.release(), opened.lm.release()]);
  }
  const ratios = Object.fromEntries(
    RATIO_KEYS.filter((k) => figures[k]).map((k) => [
      k,
      torch && comparable ? ratio(figures[k], WORKLOADS.find((w) => w.key === k)!.torch(torch)) : null,
    ]),
  );
  console.log(`\nonnx (${detail})`);
  console.log(formatTable('onnx', figures, gemm, torch, comparable));
  return { loaded: true, detail, gemm, figures, ratios };
}
