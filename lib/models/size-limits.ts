/**
 * Upper bounds of a model's shape, shared by the translation model and the language model configs. Memory grows with
 * each of them, so a value past these is a typo, refused as a usage error that names the field instead of failing
 * deep inside with `Invalid typed array length` or running out of memory while the weights are initialised.
 *
 * - widths (E, H, A, bridge): published recurrent NMT systems use 256–1,024 (GNMT 1,024); 4,096 leaves room;
 * - layers: GNMT stacks 8; 16 leaves room;
 * - one weight matrix: at most 2^28 elements (1 GiB of float32). The largest matrices are the embedding and output
 *   layers, V × width, so `V · max(width)` is bounded; with widths ≤ 4,096 a gate kernel [E+2H, 4H] stays below it.
 */
import { invalidField } from '../errors.js';

export const MODEL_SIZE_LIMITS = Object.freeze({
  width: 4096,
  layers: 16,
  /** Elements of one weight matrix (float32: 1 GiB). */
  matrixElements: 2 ** 28,
});

/**
 * Checks widths and layer counts (integers in [1, limit]; a width listed in `optionalWidths` may be 0) and the
 * largest vocabulary × width product.
 * @throws OptionError E_OPTION_INVALID with `details.field` naming the first field out of bounds
 */
export function checkModelSizes<C extends object>(
  scope: string,
  config: C,
  fields: {
    widths: (keyof C & string)[];
    optionalWidths?: (keyof C & string)[];
    layers: (keyof C & string)[];
    vocabs: (keyof C & string)[];
  },
): void {
  const L = MODEL_SIZE_LIMITS;
  const value = (field: keyof C & string): number => config[field] as unknown as number;
  const check = (field: keyof C & string, min: number, max: number, why: string): void => {
    const v = value(field);
    if (!Number.isInteger(v) || v < min || v > max)
      throw invalidField(scope, field, `an integer from ${min} to ${max.toLocaleString('en')}${why}`, v);
  };
  for (const field of fields.vocabs) check(field, 1, L.matrixElements, '');
  for (const field of fields.widths) check(field, 1, L.width, ' (memory grows with its square)');
  for (const field of fields.optionalWidths ?? [])
    check(field, 0, L.width, ' (0 = none; memory grows with its square)');
  for (const field of fields.layers) check(field, 1, L.layers, '');
  const widest = Math.max(...[...fields.widths, ...(fields.optionalWidths ?? [])].map(value));
  for (const field of fields.vocabs) {
    const elements = value(field) * widest;
    if (elements > L.matrixElements)
      throw invalidField(
        scope,
        field,
        `small enough that ${field} × the widest layer (${widest}) is at most ${L.matrixElements.toLocaleString('en')} weights (1 GiB of float32 in one matrix; ${elements.toLocaleString('en')} asked): use a smaller vocabulary or width`,
        value(field),
      );
  }
}
