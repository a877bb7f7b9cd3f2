/**
 * Backend selection in a browser (or a Web Worker): TensorFlow.js's WebAssembly backend, whose `.wasm` files are
 * fetched from `wasmPaths` (s2s web build copies them next to the bundle), or the pure-JavaScript `cpu` backend.
 * `auto` takes wasm and falls back to cpu only when wasm cannot start (e.g. a page that forbids WebAssembly).
 *
 * WebGL/WebGPU are not offered: in headless Chromium here (no GPU) neither exists, so their speed and their
 * float32 agreement with the Node translations could not be measured.
 *
 * @example
 * const backend = await useBrowserBackend({ wasmPaths: '/assets/' }); // wasm, else cpu
 * statusLine.textContent = `${backend.name} (${backend.detail})`;
 */
import * as tf from '@tensorflow/tfjs-core';
// lib/ calls tensor methods (`x.reshape(…)`), which tfjs-core defines only once this is imported (the umbrella
// `@tensorflow/tfjs` imports it itself)
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from '../errors.js';
import { shareIdentityBuffers } from '../util/wasm-identity.js';

export const BROWSER_BACKENDS = ['wasm', 'cpu'] as const;
export type BrowserBackendName = (typeof BROWSER_BACKENDS)[number];

export interface BrowserBackendOptions {
  /** Default `auto`: wasm, else cpu. */
  backend?: BrowserBackendName | 'auto';
  /** URL prefix (ending in `/`) of the directory holding `tfjs-backend-wasm*.wasm`; default: next to the bundle. */
  wasmPaths?: string;
}

/** The backend in use and what it runs on (for the page's report). */
export interface BrowserBackend {
  name: BrowserBackendName;
  detail: string;
}

/**
 * Initialises and selects a backend.
 * @throws BackendError E_BACKEND_UNAVAILABLE when the requested backend (or, for `auto`, every backend) fails.
 */
export async function useBrowserBackend(options: BrowserBackendOptions = {}): Promise<BrowserBackend> {
  const requested = options.backend ?? 'auto';
  if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
  const order: BrowserBackendName[] = requested === 'auto' ? [...BROWSER_BACKENDS] : [requested];
  const failures: string[] = [];
  for (const name of order) {
    try {
      if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
      await tf.ready();
      if (name === 'wasm') shareIdentityBuffers();
      return { name, detail: name === 'wasm' ? await wasmDetail() : 'pure JavaScript' };
    } catch (err) {
      failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new BackendError(
    'E_BACKEND_UNAVAILABLE',
    `no TensorFlow.js backend could start (${failures.join('; ')}); for wasm, serve the tfjs-backend-wasm*.wasm files at wasmPaths (s2s web build copies them next to the bundle)`,
    { details: { failures } },
  );
}

async function wasmDetail(): Promise<string> {
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `WebAssembly, SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'}`;
}
