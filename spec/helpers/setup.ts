/**
 * Mocha root hooks: every spec starts on the backend named by S2S_BACKEND (default wasm, the embedded default).
 *
 * One wasm thread per process unless S2S_WASM_THREADS says otherwise: the suite runs the mocha process beside the
 * CLI, server and worker processes it spawns (they inherit this), and two threads per process on two busy cores are
 * slower than one. spec/wasm-threads sets the variable itself for its threaded runs.
 */
process.env['S2S_WASM_THREADS'] ??= '1';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, parseBackendName } from '../../lib/backend.js';

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    const requested = parseBackendName(process.env['S2S_BACKEND']);
    await useBackend(requested === 'auto' ? 'wasm' : requested);
  },
};

export { tf };
