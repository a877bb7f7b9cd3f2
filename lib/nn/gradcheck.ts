/**
 * Numerical gradient check of autodiff against central differences `n_u = (L(θ + h·u) − L(θ − h·u)) / 2h`.
 *
 * Probes per parameter, each compared with the autodiff prediction a_u = ⟨∂L/∂θ, u⟩:
 *   - u = e_k for every element k;
 *   - u = g/‖g‖, the gradient's own direction (the largest signal, a_u = ‖g‖);
 *   - a few random unit directions (as JAX's `check_grads`), which catch errors orthogonal to g.
 *
 * Tolerance (the `atol + rtol` form of PyTorch's gradcheck and numpy's allclose): float32 rounds L to about one ulp,
 * ε·|L| with ε = 2⁻²³, so n_u carries an absolute error of about `atol = K·ε·|L| / h`. This is a heuristic, not a
 * bound: rounding accumulates through every op of L; K = 2 was chosen empirically (numerical gradients of the
 * checked models are quantised in steps of about ulp(L)/2h). A probe passes when
 *     |a_u − n_u| ≤ threshold · (|a_u| + |n_u|) + atol,
 * i.e. when its error `|a_u − n_u| / (|a_u| + |n_u| + atol / threshold)` is at most `threshold`. That error is what
 * is reported (worst per parameter). Where |a| + |n| ≫ atol / threshold it is the plain relative error
 * |a − n| / (|a| + |n|). A correct implementation shows errors near 1e-4–1e-3; a wrong gradient, errors of order 1.
 * Gradients far below atol cannot be verified in float32: `below` counts those probes.
 *
 * Truncation: the central difference errs by about h²·L'''/6. Where the loss is strongly curved that alone can exceed
 * the threshold, so a probe that fails at h is measured again at h/4 (16× less truncation, 4× more rounding) and
 * keeps the better of the two; a wrong gradient fails at both.
 *
 * @example
 * const report = gradientCheck(() => lossOf(batch), paramsByName, { directions: 4 }); // Map<string, tf.Variable>
 * for (const p of report.params.filter((c) => !c.ok)) console.error(p.name, p.worstRelativeError, p.worstProbe);
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../util/random.js';
import { GRADCHECK_DEFAULTS, type GradCheckOptions } from './gradcheck-options.js';

export { GRADCHECK_DEFAULTS, type GradCheckOptions };

/** 2⁻²³: float32 unit round-off. */
const FLOAT32_EPSILON = 2 ** -23;
/** Ulps of rounding assumed in one evaluation of L. */
const ROUNDING_ULPS = 2;

export interface ParamCheck {
  name: string;
  /** Number of elements in the parameter. */
  size: number;
  /** Probes compared. */
  probes: number;
  /** Probes whose |a| + |n| is below atol / threshold (noise-dominated: verified only to within atol). */
  below: number;
  /** Worst error over the probes (see the file comment). */
  worstRelativeError: number;
  /** The worst probe: `[k]` element k, `grad` or `dirN`, with its autodiff and numerical derivatives. */
  worstProbe: string;
  analytic: number;
  numeric: number;
  ok: boolean;
}

export interface GradCheckReport {
  /** |L| at θ. */
  loss: number;
  /** The absolute allowance K·ε·|L| / h. */
  atol: number;
  params: ParamCheck[];
}

/**
 * @param loss builds a scalar loss from the current parameter values (called many times; must be deterministic)
 * @param params the parameters to check, by name
 */
export function gradientCheck(
  loss: () => tf.Scalar,
  params: ReadonlyMap<string, tf.Variable>,
  options: GradCheckOptions = {},
): GradCheckReport {
  const { epsilon: h, threshold, directions, seed } = { ...GRADCHECK_DEFAULTS, ...options };
  const rng = new Rng(seed);
  const names = [...params.keys()];
  const variables = names.map((n) => params.get(n)!);
  const { value, grads } = tf.variableGrads(loss, variables);
  const lossValue = Math.abs(value.dataSync()[0]!);
  value.dispose();
  const atol = (ROUNDING_ULPS * FLOAT32_EPSILON * lossValue) / h;

  const results = names.map((name, i): ParamCheck => {
    const variable = variables[i]!;
    const analytic = grads[variable.name]!.dataSync() as Float32Array;
    const original = Float32Array.from(variable.dataSync() as Float32Array);
    /** n_u = (L(θ + step·u) − L(θ − step·u)) / 2·step */
    const centralDifference = (u: Float64Array, step: number): number => {
      const at = (sign: number): number => {
        const shifted = original.map((x, k) => x + sign * step * u[k]!);
        tf.tidy(() => variable.assign(tf.tensor(shifted, variable.shape)));
        return tf.tidy(() => loss().dataSync()[0]!);
      };
      return (at(1) - at(-1)) / (2 * step);
    };
    /** The error of a probe measured with `step` (its float32 allowance grows as 1/step). */
    const measure = (a: number, u: Float64Array, step: number): { n: number; error: number; scale: number } => {
      const n = centralDifference(u, step);
      const scale = Math.abs(a) + Math.abs(n);
      return { n, scale, error: Math.abs(a - n) / (scale + (atol * h) / step / threshold) };
    };
    const result: ParamCheck = {
      name,
      size: original.length,
      probes: 0,
      below: 0,
      worstRelativeError: 0,
      worstProbe: '-',
      analytic: 0,
      numeric: 0,
      ok: true,
    };
    const probe = (label: string, u: Float64Array): void => {
      const a = u.reduce((sum, uk, k) => sum + uk * analytic[k]!, 0);
      let { n, scale, error } = measure(a, u, h);
      if (error > threshold) {
        const refined = measure(a, u, h / 4);
        if (refined.error < error) ({ n, scale, error } = refined);
      }
      result.probes++;
      if (scale < atol / threshold) result.below++;
      if (error >= result.worstRelativeError)
        Object.assign(result, { worstRelativeError: error, worstProbe: label, analytic: a, numeric: n });
    };
    for (let k = 0; k < original.length; k++) {
      const e = new Float64Array(original.length);
      e[k] = 1;
      probe(`[${k}]`, e);
    }
    const gradNorm = Math.hypot(...analytic);
    if (gradNorm > 0)
      probe(
        'grad',
        Float64Array.from(analytic, (x) => x / gradNorm),
      );
    for (let d = 0; d < directions; d++) probe(`dir${d}`, unitDirection(rng, original.length));
    tf.tidy(() => variable.assign(tf.tensor(original, variable.shape)));
    result.ok = result.worstRelativeError <= threshold;
    return result;
  });
  tf.dispose(Object.values(grads));
  return { loss: lossValue, atol, params: results };
}

/** A Gaussian random direction scaled to unit length. */
function unitDirection(rng: Rng, size: number): Float64Array {
  const u = Float64Array.from({ length: size }, () => rng.normal());
  const norm = Math.hypot(...u);
  return u.map((x) => x / norm);
}
