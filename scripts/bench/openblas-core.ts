/**
 * Which OpenBLAS kernel the PyTorch reference gets. OpenBLAS (built with DYNAMIC_ARCH, as Debian's is) picks its
 * kernel from the CPU model; on a CPU newer than the library knows (Debian 12's 0.3.21 on family 6 model 207, an
 * Emerald Rapids Xeon, measured here) it falls back to the generic `Prescott` SSE3 kernel, and PyTorch's 2048² GEMM
 * runs at 35–60 GFLOP/s instead of 190–260 on the same two cores. Every ratio against such a reference flatters us,
 * so the bench sets `OPENBLAS_CORETYPE` for the PyTorch run to the newest x86 kernel the CPU's flags allow — unless
 * the user set it — and prints the kernel in use.
 *
 * @example
 * const { env, note } = openblasCore('/usr/bin/python3');
 * // note: 'OpenBLAS kernel Cooperlake (set by the bench: OpenBLAS detected Prescott, a generic kernel, …)'
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** OpenBLAS's generic kernels: what it falls back to on a CPU it does not recognise. */
const GENERIC_CORES = new Set(['Prescott', 'Katmai', 'Coppermine', 'Northwood', 'Banias', 'Core2', 'Penryn']);

/** The CPU's feature flags (`/proc/cpuinfo`), empty where there is none. */
export function cpuFlags(cpuinfo = readCpuinfo()): Set<string> {
  const line = cpuinfo.split('\n').find((l) => l.startsWith('flags'));
  return new Set(line?.split(':')[1]?.trim().split(/\s+/) ?? []);
}

/** The newest OpenBLAS x86-64 kernel these flags run: AVX-512 BF16 → Cooperlake, AVX-512 → SkylakeX, AVX2 → Haswell. */
export function bestCoreType(flags: ReadonlySet<string>): string | null {
  if (flags.has('avx512_bf16')) return 'Cooperlake';
  if (flags.has('avx512f')) return 'SkylakeX';
  if (flags.has('avx2') && flags.has('fma')) return 'Haswell';
  return null;
}

/** The kernel OpenBLAS picks under `python` with `env` (its `OPENBLAS_VERBOSE=2` line `Core: X`), or null. */
export function detectedCore(python: string, env: NodeJS.ProcessEnv): string | null {
  const probe = spawnSync(python, ['-c', 'import torch; torch.ones(64, 64) @ torch.ones(64, 64)'], {
    encoding: 'utf8',
    env: { ...env, OPENBLAS_VERBOSE: '2' },
  });
  return /Core:\s*(\S+)/.exec(`${probe.stdout}${probe.stderr}`)?.[1] ?? null;
}

/** The environment for the PyTorch run and a line saying which kernel it uses and why. */
export function openblasCore(
  python: string,
  env: NodeJS.ProcessEnv = process.env,
  flags: ReadonlySet<string> = cpuFlags(),
  detect: (python: string, env: NodeJS.ProcessEnv) => string | null = detectedCore,
): { env: NodeJS.ProcessEnv; note: string } {
  const chosen = env['OPENBLAS_CORETYPE'];
  if (chosen) return { env, note: `OpenBLAS kernel ${chosen} (OPENBLAS_CORETYPE from the environment)` };
  const detected = detect(python, env);
  const best = bestCoreType(flags);
  if (detected !== null && GENERIC_CORES.has(detected) && best !== null)
    return {
      env: { ...env, OPENBLAS_CORETYPE: best },
      note: `OpenBLAS kernel ${best} (set by the bench: OpenBLAS detected ${detected}, a generic kernel, on a CPU with ${best === 'Haswell' ? 'AVX2' : 'AVX-512'}; OPENBLAS_CORETYPE overrides)`,
    };
  return { env, note: `OpenBLAS kernel ${detected ?? 'unknown (no OPENBLAS_VERBOSE line: not OpenBLAS?)'}` };
}

function readCpuinfo(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}
