/** The benchmark's figures as rows, the ours/PyTorch ratios, and the printed table. */
import type { TorchFigures } from './torch.js';

/** One measured workload: throughput plus what it means against the machine. */
export interface Figure {
  /** tokens/s (target tokens; LM: scored tokens) */
  tokS: number | null;
  /** FLOPs per token (see flops.ts) */
  flopsPerToken: number;
  /** achieved FLOP/s ÷ the backend's 2048² GEMM FLOP/s */
  peakFraction: number | null;
  /** median seconds per batch */
  seconds: number | null;
  error?: string;
}

/** Workload keys shared by our figures and the ratio table, with the matching PyTorch figure. */
export const WORKLOADS: Array<{ key: string; label: string; torch: (t: TorchFigures) => number | undefined }> = [
  { key: 'greedy_b1', label: 'greedy B=1', torch: (t) => t.greedy?.['1']?.tok_s },
  { key: 'greedy_b16', label: 'greedy B=16', torch: (t) => t.greedy?.['16']?.tok_s },
  { key: 'greedy_b64', label: 'greedy B=64', torch: (t) => t.greedy?.['64']?.tok_s },
  { key: 'beam_b16', label: 'beam K=5 B=16', torch: (t) => t.beam5_b16?.tok_s },
  { key: 'train_b16', label: 'train B=16', torch: (t) => (t['train_b16'] as { tok_s: number } | undefined)?.tok_s },
  { key: 'train_b64', label: 'train B=64', torch: (t) => (t['train_b64'] as { tok_s: number } | undefined)?.tok_s },
  { key: 'lm', label: 'LM score 32×64', torch: (t) => t.lm_b32x64?.tok_s },
];

/** The ratios the issue fixes as the outside interface. */
export const RATIO_KEYS = ['greedy_b1', 'greedy_b64', 'beam_b16', 'train_b16', 'lm'] as const;

export function ratio(ours: Figure | undefined, torch: number | undefined): number | null {
  if (!ours?.tokS || !torch) return null;
  return Math.round((ours.tokS / torch) * 1000) / 1000;
}

const num = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined
    ? '—'
    : x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * A plain-text table: one row per workload. The ours/torch column appears only when `comparable` (PyTorch on an
 * optimized BLAS); without it the PyTorch figures are shown for reference only.
 */
export function formatTable(
  backend: string,
  figures: Record<string, Figure>,
  gemm: number,
  torch: TorchFigures | null,
  comparable = torch !== null,
): string {
  const withRatio = comparable && torch !== null;
  const head = [
    'workload',
    `${backend} tok/s`,
    'MFLOP/tok',
    '% GEMM peak',
    'torch tok/s',
    ...(withRatio ? ['ours/torch'] : []),
  ];
  const rows = WORKLOADS.filter((w) => figures[w.key]).map((w) => {
    const f = figures[w.key]!;
    const t = torch ? w.torch(torch) : undefined;
    return [
      w.label,
      f.error ? `error: ${f.error.slice(0, 40)}` : num(f.tokS),
      num(f.flopsPerToken / 1e6, 1),
      f.peakFraction === null ? '—' : `${(100 * f.peakFraction).toFixed(1)}%`,
      num(t),
      ...(withRatio ? [num(ratio(f, t), 3)] : []),
    ];
  });
  rows.push([
    'GEMM 2048² GFLOP/s',
    num(gemm, 1),
    '',
    '',
    num(torch?.gemm2048_gflops, 1),
    ...(withRatio ? [num(torch?.gemm2048_gflops ? gemm / torch.gemm2048_gflops : null, 3)] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const table = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  if (torch && !withRatio)
    table.push('(ours/torch not shown: PyTorch is not on an optimized BLAS, its figures are not comparable)');
  return table.join('\n');
}
