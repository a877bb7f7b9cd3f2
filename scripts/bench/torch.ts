/**
 * Runs `../shared/bench/torch_reference.py` (the same model in PyTorch) with Debian's python3-torch in the same run,
 * when `/usr/bin/python3` can import torch. Returns its JSON, or null with the reason.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const TORCH_PYTHON = '/usr/bin/python3';
export const TORCH_SCRIPT = join(import.meta.dirname, '..', '..', '..', 'shared', 'bench', 'torch_reference.py');

export interface TorchFigures {
  torch: string;
  threads: number;
  gemm2048_gflops?: number;
  gemm_shapes_gflops?: Record<string, number>;
  greedy?: Record<string, { tok_s: number }>;
  beam5_b16?: { tok_s: number };
  lm_b32x64?: { tok_s: number };
  [key: string]: unknown;
}

/**
 * Whether Debian's OpenMP OpenBLAS is installed: the reference README asks for `--blas openmp` then (with the
 * default pthread OpenBLAS, PyTorch's threads and OpenBLAS's collide).
 */
export function openmpBlas(): boolean {
  return existsSync('/usr/lib/x86_64-linux-gnu/openblas-openmp');
}

/** Why PyTorch cannot run here, or null when it can. */
export function torchUnavailable(): string | null {
  if (!existsSync(TORCH_SCRIPT)) return `${TORCH_SCRIPT} not found`;
  if (!existsSync(TORCH_PYTHON)) return `${TORCH_PYTHON} not found`;
  const probe = spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  return probe.status === 0 ? null : `${TORCH_PYTHON} cannot import torch (apt-get install -y python3-torch)`;
}

/** Runs the reference with `threads` intra-op threads; `extra` are further command-line arguments (e.g. `--only`). */
export function runTorchReference(threads: number, reps: number, trainBatches: string, extra: string[] = []): Promise<TorchFigures> {
  const args = [TORCH_SCRIPT, '--threads', String(threads), '--reps', String(reps), '--train-batches', trainBatches, ...extra];
  return new Promise((resolve, reject) => {
    const child = spawn(TORCH_PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      process.stderr.write(`  [torch] ${d.toString()}`);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) return reject(new Error(`torch_reference.py exited with ${code}: ${err.trim().split('\n').at(-1) ?? ''}`));
      resolve(JSON.parse(line) as TorchFigures);
    });
  });
}
