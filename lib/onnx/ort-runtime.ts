/**
 * ONNX Runtime for Node (`onnxruntime-node`, an optional peer dependency), loaded on first use. Sessions run with
 * intra-op threads = the machine's cores (override: `S2S_ORT_THREADS`) and, when the CUDA provider libraries are
 * installed next to the binding (`ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node`), the CUDA
 * execution provider first, the CPU one after it. Idle pool threads sleep rather than spin (see `spinning`).
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { OnnxExportError } from './export-error.js';

export type OrtModule = typeof Ort;
export type OrtSession = Ort.InferenceSession;
export type OrtTensor = Ort.Tensor;

let loaded: Promise<OrtModule> | undefined;

/** The `onnxruntime-node` module. @throws OnnxExportError (E_ONNX_RUNTIME) naming the package when it is not installed */
export function loadOrt(): Promise<OrtModule> {
  loaded ??= import('onnxruntime-node').then(
    (m) => ((m as unknown as { default?: OrtModule }).default ?? m) as OrtModule,
    (err: unknown) => {
      loaded = undefined;
      throw new OnnxExportError(
        'E_ONNX_RUNTIME',
        `the onnx engine needs the package onnxruntime-node: npm install onnxruntime-node (or use --engine tfjs). Loading it failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      );
    },
  );
  return loaded;
}

/** Where the binding's native libraries lie, or undefined when the package is absent. */
function bindingDir(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
    return join(dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return undefined;
  }
}

/** The execution providers to ask for, best first: CUDA only when its provider library is installed. */
export function executionProviders(): string[] {
  const dir = bindingDir();
  const cuda =
    dir !== undefined && process.platform === 'linux' && existsSync(join(dir, 'libonnxruntime_providers_cuda.so'));
  return cuda ? ['cuda', 'cpu'] : ['cpu'];
}

/** Intra-op threads: `S2S_ORT_THREADS`, else one per core. */
export function intraOpThreads(): number {
  const env = Number(process.env['S2S_ORT_THREADS']);
  return Number.isInteger(env) && env > 0 ? env : availableParallelism();
}

/**
 * Whether idle intra-op threads spin (`S2S_ORT_SPIN=1`) or sleep (default). Between two decoder steps the main
 * thread runs the search in JavaScript; spinning pool threads take the cores it needs: measured on the 2-core
 * machine under load, greedy B = 1 ran at 17 tokens/s spinning and 72 sleeping (B = 64: 225 and 429).
 */
export function spinning(): boolean {
  return process.env['S2S_ORT_SPIN'] === '1';
}

/** A session over the bytes of an `.onnx` model. */
export async function createSession(ort: OrtModule, model: Uint8Array): Promise<OrtSession> {
  return ort.InferenceSession.create(model, {
    executionProviders: executionProviders(),
    intraOpNumThreads: intraOpThreads(),
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: spinning() ? '1' : '0' } } },
  });
}

/** A human-readable summary for reports: `onnxruntime-node 1.30.0 (cpu, 2 threads)`. */
export function describeOrt(ort: OrtModule): string {
  return `onnxruntime-node ${ort.env.versions.common} (${executionProviders().join('+')}, ${intraOpThreads()} threads)`;
}
