/**
 * Seeded pseudo-random numbers. One `Rng` seeded from the run's seed drives initialisation, shuffling, dropout masks
 * and sampling, so a seed reproduces a run; its state is four 32-bit words that checkpoints save and restore.
 *
 * Generator: xoshiro128** (Blackman & Vigna, 2018), state seeded by SplitMix32 from the user's seed.
 *
 * @example
 * const rng = new Rng(42);
 * const i = rng.int(10); // 0 … 9
 * const again = new Rng(rng.state()); // continues exactly where rng is
 */
export type RngState = [number, number, number, number];

/** SplitMix32 step: spreads a small integer seed over 32 bits. */
function splitMix32(x: number): [number, number] {
  const next = (x + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

export class Rng {
  private s: Uint32Array;

  /** @param seed any integer; the same seed gives the same sequence on every platform. */
  constructor(seed: number | RngState) {
    this.s = new Uint32Array(4);
    if (Array.isArray(seed)) {
      this.s.set(seed);
    } else {
      let x = seed | 0;
      for (let i = 0; i < 4; i++) [x, this.s[i]] = splitMix32(x);
    }
  }

  /** Next raw 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal sample (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A fresh 31-bit seed for a tfjs op that takes `seed` (e.g. `tf.randomUniform`), drawn from this stream. */
  seed(): number {
    return this.nextUint32() >>> 1;
  }

  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** Snapshot of the generator state (for checkpoints). */
  state(): RngState {
    return [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!];
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
