/** Mocha root hooks: every spec starts on the backend named by S2S_BACKEND (default wasm, the embedded default). */
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, parseBackendName } from '../../lib/backend.js';

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    const requested = parseBackendName(process.env['S2S_BACKEND']);
    await useBackend(requested === 'auto' ? 'wasm' : requested);
  },
};

export { tf };
