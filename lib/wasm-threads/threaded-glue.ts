/**
 * Two (or N) WebAssembly threads for the `wasm` backend under Node — Node only; the browser entry never imports this.
 *
 * tfjs-backend-wasm 4.22 ships a threaded SIMD build (`tfjs-backend-wasm-threaded-simd.{js,wasm}`) but never uses it
 * under Node: its `WASM_HAS_MULTITHREAD_SUPPORT` flag is false there (tfjs issue #3830), and forcing it fails because
 * the package hands the emscripten glue its worker script and its main script as `blob:` URLs, which Node's
 * `worker_threads` cannot load. The glue itself supports Node: given file paths, its workers `require` and `eval`
 * them. This module starts the threaded build that way, without touching the package's files:
 *
 * - the worker script: the package's own text (`wasm-out/…threaded-simd.worker.js` exports it as a string), written
 *   once to a content-addressed file in the temp directory; the main script: the package's glue file itself;
 * - the thread count: the C side caps it at `emscripten_num_logical_cores() / 2` (it assumes two hyper-threads per
 *   core), so the import that reports the core count reports 2·N and `setThreadsCount(N)` asks for N;
 * - exit: XNNPACK's pool threads never finish, and a running emscripten worker holds Node's event loop, so the
 *   workers are `unref()`ed once the pool exists (a CLI run exits by itself; terminating the process ends them).
 *
 * It depends on the glue's internals, so it runs only on the tfjs-backend-wasm versions listed in
 * `TESTED_WASM_VERSIONS` and only when the glue still has the hooks it uses; the caller then runs a self-test
 * (./self-test.ts) and falls back to the single-thread build on any failure, saying why. The start (loading the
 * glue into eight workers) has a timeout; the self-test's ops are synchronous, as all wasm kernels are, and are not
 * interruptible. Side effect of the glue: it sets `globalThis.Worker` to `worker_threads.Worker`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** tfjs-backend-wasm versions whose generated glue this module was tested against. */
export const TESTED_WASM_VERSIONS: readonly string[] = ['4.22.0'];
/** The C side pre-creates 8 workers and never uses more threads than that. */
export const MAX_WASM_THREADS = 8;

const PACKAGE = '@tensorflow/tfjs-backend-wasm';
const GLUE = `${PACKAGE}/wasm-out/tfjs-backend-wasm-threaded-simd.js`;
const WORKER = `${PACKAGE}/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`;

/** The thread count to try: `S2S_WASM_THREADS` = 0 or 1 (off), N ≥ 2, or unset / `auto` (one per core, ≤ 8). */
export function requestedWasmThreads(
  value = process.env['S2S_WASM_THREADS'],
  cores = availableParallelism(),
): { threads: number; reason?: string } {
  const v = (value ?? '').trim();
  if (v === '' || v === 'auto') {
    const threads = Math.min(cores, MAX_WASM_THREADS);
    return threads >= 2 ? { threads } : { threads: 1, reason: `${cores} core` };
  }
  if (!/^\d+$/.test(v)) return { threads: 1, reason: `S2S_WASM_THREADS='${v}' is not 0, 1, a thread count or auto` };
  const n = Number(v);
  if (n <= 1) return { threads: 1, reason: `S2S_WASM_THREADS=${v}` };
  return { threads: Math.min(n, MAX_WASM_THREADS) };
}

interface PThreadApi {
  unusedWorkers: Array<{ terminate(): unknown }>;
  runningWorkers: Array<{ unref(): void }>;
}
interface ThreadedModule {
  cwrap(name: string, returns: string | null, args: string[]): unknown;
  PThread: PThreadApi;
  tfjs?: Record<string, unknown>;
}
type GlueFactory = (config: Record<string, unknown>) => Promise<ThreadedModule>;
type WasmPackage = typeof import('@tensorflow/tfjs-backend-wasm');

/** Why the threaded glue cannot be used with this package, or undefined when it can. */
export function unsupportedReason(version: string, glueSource: string, workerSource: string): string | undefined {
  if (!TESTED_WASM_VERSIONS.includes(version)) {
    return `${PACKAGE} ${version} is not a tested version (${TESTED_WASM_VERSIONS.join(', ')})`;
  }
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return 'no SharedArrayBuffer/Atomics';
  const hooks = ['emscripten_num_logical_cores', 'mainScriptUrlOrBlob', 'instantiateWasm', 'allocateUnusedWorker'];
  const missing = hooks.filter((hook) => !glueSource.includes(hook));
  if (!workerSource.includes('importScripts(e.data.urlOrBlob)')) missing.push('worker importScripts');
  return missing.length > 0 ? `the threaded glue lacks ${missing.join(', ')}` : undefined;
}

/**
 * The worker script as a file. The package's copy is a string with `\n` escapes inside string literals; tfjs escapes
 * them again before making its blob, and so do we. Content-addressed, written atomically, so concurrent processes
 * and versions never see a partial or foreign file.
 */
function workerFile(workerSource: string, version: string, dir: string): string {
  const text = workerSource.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const file = join(dir, `s2s-tfjs-wasm-${version}-${hash}.worker.cjs`);
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return file;
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, text);
  renameSync(partial, file);
  return file;
}

/** What `installThreadedWasm` needs to know, injectable for tests. */
export interface ThreadedWasmOptions {
  threads: number;
  /** Rejects the threaded start after this long (ms); default 60 s (eight workers load the glue). */
  timeoutMs?: number;
  /** Defaults to the installed package's `version_wasm`. */
  version?: string;
  /** Where the worker script is written; default the temp directory. */
  workerDir?: string;
}

/**
 * Replaces the `wasm` backend's factory with one that starts the threaded build. If that start fails or times out,
 * the factory starts the package's own (single-thread) build instead and `status().reason` says why.
 * @returns a restore function that puts the package's factory back (the caller re-runs `tf.setBackend('wasm')`),
 *   or the reason the threaded build is not even tried.
 */
export function installThreadedWasm(
  wasm: WasmPackage,
  options: ThreadedWasmOptions,
): { restore: () => void } | { reason: string } {
  const require = createRequire(import.meta.url);
  const version = options.version ?? wasm.version_wasm;
  let glueFile: string, glueSource: string, workerSource: string;
  try {
    glueFile = require.resolve(GLUE);
    glueSource = readFileSync(glueFile, 'utf8');
    workerSource = String((require(WORKER) as { wasmWorkerContents?: unknown }).wasmWorkerContents ?? '');
  } catch (err) {
    return {
      reason: `cannot read the threaded glue (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
    };
  }
  const unsupported = unsupportedReason(version, glueSource, workerSource);
  if (unsupported) return { reason: unsupported };
  const original = tf.findBackendFactory('wasm');
  if (!original) return { reason: `${PACKAGE} did not register a backend` };
  const worker = workerFile(workerSource, version, options.workerDir ?? tmpdir());
  const binary = join(dirname(glueFile), 'tfjs-backend-wasm-threaded-simd.wasm');
  const factory = require(glueFile) as GlueFactory;
  const { threads, timeoutMs = 60_000 } = options;
  state = { threads: 1 };

  const threadedFactory = async (): Promise<tf.KernelBackend> => {
    try {
      const module = await withTimeout(startGlue(factory, glueFile, worker, binary, threads), timeoutMs);
      wasm.setThreadsCount(threads);
      const backend = new wasm.BackendWasm(module as never); // creates XNNPACK's pool: threads − 1 workers run
      for (const w of module.PThread.runningWorkers) w.unref();
      for (const w of module.PThread.unusedWorkers.splice(0)) void w.terminate(); // the other pre-created workers
      state = { threads: wasm.getThreadsCount() };
      if (state.threads < 2) state.reason = `the threaded build started ${state.threads} thread`;
      return backend;
    } catch (err) {
      state = {
        threads: 1,
        reason: `the threaded build did not start (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
      };
      return original();
    }
  };
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', threadedFactory, 2);
  return {
    restore: () => {
      tf.removeBackend('wasm');
      tf.registerBackend('wasm', original, 2);
    },
  };
}

/** Threads in use by the last `wasm` backend this module started, and why not more. */
export function status(): { threads: number; reason?: string } {
  return { ...state };
}
let state: { threads: number; reason?: string } = { threads: 1 };

/** Starts the threaded glue with file paths for its worker and main scripts, reporting 2·N cores (see above). */
async function startGlue(
  factory: GlueFactory,
  glueFile: string,
  worker: string,
  binary: string,
  threads: number,
): Promise<ThreadedModule> {
  let failed: (err: unknown) => void = () => undefined;
  const instantiateFailed = new Promise<never>((_, reject) => (failed = reject));
  const started = factory({
    mainScriptUrlOrBlob: glueFile,
    locateFile: (path: string, prefix: string) =>
      path.endsWith('.worker.js') ? worker : path.endsWith('.wasm') ? binary : prefix + path,
    instantiateWasm: (
      info: { env: Record<string, unknown> },
      receive: (instance: unknown, module: unknown) => void,
    ) => {
      info.env['emscripten_num_logical_cores'] = () => 2 * threads;
      webAssembly.instantiate(readFileSync(binary), info).then((r) => receive(r.instance, r.module), failed);
      return {};
    },
  });
  const module = await Promise.race([started, instantiateFailed]);
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return module;
}

/** `WebAssembly` without the DOM typings (this project compiles against Node's). */
const webAssembly = (
  globalThis as unknown as {
    WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: unknown; module: unknown }> };
  }
).WebAssembly;

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer after ${ms} ms`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
