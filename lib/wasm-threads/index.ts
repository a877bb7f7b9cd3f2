/**
 * The switch around the threaded wasm build (./threaded-glue.ts), used by lib/backend.ts:
 *
 * 1. `prepareWasmThreads` before the first `tf.setBackend('wasm')`: reads `S2S_WASM_THREADS` (0 or 1 = off, N, or
 *    unset/`auto` = one thread per core) and, when threads are wanted and the package is a tested version, makes the
 *    `wasm` factory start the threaded build (it falls back to the single-thread build by itself if that start fails);
 * 2. `settleWasmThreads` after it: runs the self-test (./self-test.ts) once; on failure the single-thread build
 *    replaces the threaded one. Either way it returns the words for the backend's detail: `threads 2` or
 *    `threads off (why)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { installThreadedWasm, requestedWasmThreads, status } from './threaded-glue.js';
import { wasmSelfTest } from './self-test.js';

export { requestedWasmThreads, TESTED_WASM_VERSIONS, MAX_WASM_THREADS } from './threaded-glue.js';

/** Injectable for the tests; defaults: `S2S_WASM_THREADS`, the installed version, the real self-test. */
export interface WasmThreadsOptions {
  value?: string;
  version?: string;
  selfTest?: () => string | undefined;
  timeoutMs?: number;
  workerDir?: string;
}

let prepared = false;
let restore: (() => void) | undefined;
let selfTest: () => string | undefined = wasmSelfTest;
let outcome: { threads: number; reason: string } | undefined;
let reason = 'the threaded build needs SIMD';

/** Step 1 (idempotent): decide whether to try threads, and install the threaded factory if so. */
export function prepareWasmThreads(
  wasm: typeof import('@tensorflow/tfjs-backend-wasm'),
  options: WasmThreadsOptions = {},
): void {
  if (prepared) return;
  prepared = true;
  selfTest = options.selfTest ?? wasmSelfTest;
  if ('wasm' in tf.engine().registry) {
    // (not tf.findBackend: that would start the package's own build)
    reason = 'the wasm backend had already started';
    return;
  }
  const requested = requestedWasmThreads(options.value);
  if (requested.threads < 2) {
    reason = requested.reason ?? 'one thread requested';
    return;
  }
  try {
    const installed = installThreadedWasm(wasm, {
      threads: requested.threads,
      version: options.version,
      timeoutMs: options.timeoutMs,
      workerDir: options.workerDir,
    });
    if ('reason' in installed) reason = installed.reason;
    else restore = installed.restore;
  } catch (err) {
    // e.g. an unwritable temp directory: the package's own factory is still registered
    reason = `the threaded build cannot be prepared (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
}

/**
 * Step 2, with the `wasm` backend active: self-test once, fall back on failure.
 * @returns `threads N` or `threads off (reason)`.
 */
export async function settleWasmThreads(): Promise<string> {
  if (!outcome && restore) {
    const started = status();
    let failure = started.threads >= 2 ? runSelfTest() : undefined;
    if (started.threads < 2) outcome = { threads: 1, reason: started.reason ?? 'one thread started' };
    else if (failure) {
      restore();
      restore = undefined;
      failure = `self-test of the threaded build failed: ${failure}`;
      if (!(await tf.setBackend('wasm'))) throw new Error(`${failure}; the single-thread build did not start either`);
      await tf.ready();
      outcome = { threads: 1, reason: failure };
    } else outcome = { threads: started.threads, reason: '' };
  }
  const { threads, reason: why } = outcome ?? { threads: 1, reason };
  return threads >= 2 ? `threads ${threads}` : `threads off (${why})`;
}

function runSelfTest(): string | undefined {
  try {
    return selfTest();
  } catch (err) {
    return err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
}
