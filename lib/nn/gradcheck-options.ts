/** Settings of the numerical gradient check (lib/nn/gradcheck.ts); a light module, read by the CLI's option table. */
export interface GradCheckOptions {
  /** h in the central difference (default 1e-2). */
  epsilon?: number;
  /** Largest accepted error (default 1e-2). */
  threshold?: number;
  /** Random directions per parameter, besides the gradient's own (default 3). */
  directions?: number;
  /** Seed for the random directions. */
  seed?: number;
}

export const GRADCHECK_DEFAULTS: Required<GradCheckOptions> = {
  epsilon: 1e-2,
  threshold: 1e-2,
  directions: 3,
  seed: 7,
};
