/** Parameter initialisers. All draw from the model's seeded `Rng` on the host, so results do not depend on the backend. */
import type { Rng } from '../util/random.js';

/**
 * Glorot/Xavier uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)) (Glorot & Bengio, 2010).
 * For a packed gate kernel [I+H, G·H], fanOut is one gate's width H, as if each gate were its own matrix.
 */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number, size: number): Float32Array {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (2 * rng.next() - 1) * a;
  return out;
}

/** U(−a, a): OpenNMT's default `param_init` for embeddings and small layers. */
export function uniform(rng: Rng, a: number, size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (2 * rng.next() - 1) * a;
  return out;
}

/** A constant-filled array (zeros for biases, ones for layer-norm gains). */
export function constant(value: number, size: number): Float32Array {
  return new Float32Array(size).fill(value);
}
