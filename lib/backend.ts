/**
 * Backend selection. The code is written once against `@tensorflow/tfjs-core` ops; this module decides which engine
 * executes them:
 *
 * | name         | package                                            | notes                                   |
 * | ------------ | -------------------------------------------------- | --------------------------------------- |
 * | `tensorflow` | `@tensorflow/tfjs-node-gpu`, else `@tensorflow/tfjs-node` | libtensorflow (CUDA or CPU); optional |
 * | `wasm`       | `@tensorflow/tfjs-backend-wasm`                    | XNNPACK + SIMD (+ threads); embedded default |
 * | `cpu`        | `@tensorflow/tfjs-backend-cpu`                     | pure JavaScript; slowest, always works  |
 *
 * An explicit request (`--backend`, `S2S_BACKEND`) wins and fails loudly when it cannot load; otherwise the first
 * that loads in the order above is used. The choice is always returned so callers can report it.
 *
 * @example
 * const probe = await useBackend(); // S2S_BACKEND, else tensorflow → wasm → cpu
 * console.error(`backend: ${probe.name}`);
 */
import * as tf from '@tensorflow/tfjs-core';
// registers the pure-JavaScript `cpu` backend (always available; the fallback when nothing faster loads)
import '@tensorflow/tfjs-backend-cpu';
import './tfjs-registrations.js';
import { BackendError } from './errors.js';
import { withoutNewProcessHandlers } from './util/emscripten-handlers.js';
import { shareIdentityBuffers } from './util/wasm-identity.js';

export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What a load attempt found. */
export interface BackendProbe {
  name: BackendName;
  /** True when the backend initialised and ran a tiny op. */
  ok: boolean;
  /** The npm package that provides it. */
  package: string;
  /** Human-readable detail: the variant that loaded (GPU/CPU, SIMD/threads) or why it failed. */
  detail: string;
}

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/** `tf.env().set('PROD', true)` silences tfjs's "install the node backend" banner, which would pollute stderr. */
tf.env().set('PROD', true);

/** Loads one backend's package and checks it can execute an op. Never throws. */
async function probe(name: BackendName): Promise<BackendProbe> {
  try {
    const detail = await loadPackage(name);
    // the wasm backend's emscripten glue adds process-wide error handlers on initialisation: keep them off
    const ok = await withoutNewProcessHandlers(async () => {
      const set = await tf.setBackend(name);
      await tf.ready();
      return set;
    });
    if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync());
    if (name !== 'wasm') return { name, ok: true, package: packageOf(name, detail), detail };
    // threads: self-test the threaded build once (falling back to the single-thread one) and say which runs
    const { settleWasmThreads } = await import('./wasm-threads/index.js');
    const threads = await withoutNewProcessHandlers(settleWasmThreads);
    return { name, ok: true, package: packageOf(name, detail), detail: `${detail}, ${threads}` };
  } catch (err) {
    return {
      name,
      ok: false,
      package: packageOf(name, ''),
      detail: err instanceof Error ? err.message.split('\n')[0]! : String(err),
    };
  }
}

function packageOf(name: BackendName, detail: string): string {
  if (name === 'tensorflow') return detail.includes('GPU') ? NATIVE_PACKAGES[0] : NATIVE_PACKAGES.join(' or ');
  return name === 'wasm' ? '@tensorflow/tfjs-backend-wasm' : '@tensorflow/tfjs-backend-cpu';
}

/** Imports the package that registers `name`; returns a description of the variant loaded. */
async function loadPackage(name: BackendName): Promise<string> {
  switch (name) {
    case 'tensorflow': {
      const failures: string[] = [];
      for (const pkg of NATIVE_PACKAGES) {
        try {
          await import(pkg);
          return pkg.endsWith('gpu') ? 'libtensorflow with CUDA (GPU)' : 'libtensorflow (CPU)';
        } catch (err) {
          failures.push(`${pkg}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
        }
      }
      throw new Error(failures.join('; '));
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      shareIdentityBuffers();
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      // the threaded build needs SIMD too; S2S_WASM_THREADS and the self-test decide (lib/wasm-threads)
      if (simd) (await import('./wasm-threads/index.js')).prepareWasmThreads(wasm);
      return `WebAssembly, SIMD ${simd ? 'on' : 'off'}`;
    }
    case 'cpu':
      return 'pure JavaScript';
  }
}

/** Parses a user-supplied backend name (`--backend`, `S2S_BACKEND`); `auto` or empty means "pick the fastest". */
export function parseBackendName(value: string | undefined): BackendName | 'auto' {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new BackendError(
    'E_BACKEND_UNKNOWN',
    `unknown backend '${value}': expected one of ${BACKEND_NAMES.join(', ')} or auto`,
    { details: { value } },
  );
}

/**
 * Selects and initialises a backend.
 * @param requested explicit name, or `auto` (default: `S2S_BACKEND`, else auto) for the first of tensorflow → wasm → cpu that loads.
 * @returns the probe of the backend now active.
 * @throws BackendError when an explicitly requested backend cannot load; the message names the package to install.
 */
export async function useBackend(
  requested: BackendName | 'auto' = parseBackendName(process.env['S2S_BACKEND']),
): Promise<BackendProbe> {
  if (requested !== 'auto') {
    if (tf.getBackend() === requested && tf.findBackend(requested)) return probe(requested);
    const result = await probe(requested);
    if (!result.ok) {
      const fix =
        requested === 'tensorflow'
          ? `install it with \`npm install ${NATIVE_PACKAGES[0]}\` (NVIDIA GPU, CUDA 11.2 + cuDNN 8.1) or \`npm install ${NATIVE_PACKAGES[1]}\`, on a machine that can download libtensorflow`
          : `reinstall dependencies with \`npm install\``;
      throw new BackendError(
        'E_BACKEND_UNAVAILABLE',
        `backend '${requested}' cannot be loaded (${result.detail}); ${fix}, or choose another backend (wasm or cpu)`,
        { details: { ...result } },
      );
    }
    return result;
  }
  const failures: string[] = [];
  for (const name of BACKEND_NAMES) {
    const result = await probe(name);
    if (result.ok) return result;
    failures.push(`${name}: ${result.detail}`);
  }
  throw new BackendError(
    'E_BACKEND_UNAVAILABLE',
    `no TensorFlow.js backend could be loaded (${failures.join('; ')}); reinstall dependencies with \`npm install\``,
  );
}

/** Probes every backend (for `s2s backends`) and restores the previously active one. */
export async function probeBackends(): Promise<BackendProbe[]> {
  const previous = tf.getBackend();
  const results: BackendProbe[] = [];
  for (const name of BACKEND_NAMES) results.push(await probe(name));
  if (previous) await tf.setBackend(previous);
  return results;
}
