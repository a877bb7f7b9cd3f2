/**
 * Whether the machine is quiet enough for the benchmark: PyTorch's OpenMP BLAS collapses when the cores are
 * oversubscribed (measured 4–6 GFLOP/s with other jobs running against 160–190 idle), and every engine's figures
 * drift with the load, so a run that starts with a 1-minute load average above half the cores is flagged.
 */
import { availableParallelism } from 'node:os';

/** Load average (1 min) above this fraction of the cores at the start: the figures are not trustworthy. */
export const BUSY_LOAD_FRACTION = 0.5;

/** A warning when `load[0]` > BUSY_LOAD_FRACTION × `cores`, else null. */
export function busyMachineNote(load: readonly number[], cores = availableParallelism()): string | null {
  const limit = BUSY_LOAD_FRACTION * cores;
  if (!(load[0]! > limit)) return null;
  return `load average ${load[0]} at the start exceeds ${limit} (half of ${cores} cores): other jobs are running, so the figures (PyTorch's above all) are not trustworthy; rerun on an idle machine`;
}
