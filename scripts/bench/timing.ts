/** Warm-up + median-of-reps timing for the benchmark, and the machine's load average. */
import { loadavg } from 'node:os';

export interface Timing {
  /** Median seconds per run. */
  median: number;
  /** Every timed run, seconds. */
  runs: number[];
}

/** Runs `fn` `warmup` times untimed, then `reps` times timed; returns the median. */
export async function timeMedian(fn: () => Promise<unknown> | unknown, reps: number, warmup = 1): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const runs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    runs.push((performance.now() - t0) / 1000);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, runs };
}

/** The 1-, 5- and 15-minute load averages, rounded. */
export function loadAverage(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}
