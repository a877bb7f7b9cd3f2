/**
 * Runs `../shared/bench/torch_reference.py` (the same model in PyTorch) in the same run, with the first Python that
 * can import torch among `$S2S_PYTHON`, `python3` on PATH and Debian's `/usr/bin/python3` (python3-torch; a pyenv
 * or venv `python3` on PATH often lacks torch). Returns its JSON, or null with the reason.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's interpreter, where `apt-get install python3-torch` puts torch. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
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

/** The interpreters to try, in order: `$S2S_PYTHON` (when set), `python3` on PATH, Debian's `/usr/bin/python3`. */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...new Set([env['S2S_PYTHON'], 'python3', DEBIAN_PYTHON].filter((p): p is string => !!p))];
}

/** The first candidate that can `import torch`, or the reason none can. */
export function findTorchPython(
  candidates: readonly string[] = pythonCandidates(),
  script = TORCH_SCRIPT,
): { python: string } | { reason: string } {
  if (!existsSync(script)) return { reason: `${script} not found` };
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return { python };
  }
  return {
    reason: `none of ${candidates.join(', ')} can import torch (apt-get install -y python3-torch, or set S2S_PYTHON)`,
  };
}

/**
 * Runs the reference with `threads` intra-op threads; `extra` are further command-line arguments (e.g. `--only`),
 * `env` its environment (openblas-core.ts sets the OpenBLAS kernel there).
 */
export function runTorchReference(
  python: string,
  threads: number,
  reps: number,
  trainBatches: string,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<TorchFigures> {
  const args = [
    TORCH_SCRIPT,
    '--threads',
    String(threads),
    '--reps',
    String(reps),
    '--train-batches',
    trainBatches,
    ...extra,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
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
      if (code !== 0 || !line.startsWith('{'))
        return reject(new Error(`torch_reference.py exited with ${code}: ${err.trim().split('\n').at(-1) ?? ''}`));
      resolve(JSON.parse(line) as TorchFigures);
    });
  });
}
