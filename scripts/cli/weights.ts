/** `--weights 0.6,0.4`: ensemble weights, one per model file, as numbers > 0 (checked before any model loads). */
import { OptionError } from '../../lib/errors.js';

/**
 * @param models how many model files the weights are for (`--model` given this many times)
 * @throws OptionError E_OPTION_INVALID (`details.option` = `--weights`) for an entry that is not a number > 0, or a
 *   count other than `models`
 */
export function parseWeights(text: string, models: number): number[] {
  const weights = text.split(',').map((part) => (part.trim() === '' ? NaN : Number(part)));
  if (weights.some((w) => !(Number.isFinite(w) && w > 0))) {
    throw new OptionError(
      'E_OPTION_INVALID',
      `--weights expects comma-separated numbers > 0, one per model (e.g. 0.6,0.4), got '${text}'`,
      { option: '--weights', value: text },
    );
  }
  if (weights.length !== models) {
    throw new OptionError(
      'E_OPTION_INVALID',
      `--weights gives one weight per model file: ${weights.length} weight${weights.length === 1 ? '' : 's'} ('${text}') for ${models} model${models === 1 ? '' : 's'}`,
      { option: '--weights', value: text },
    );
  }
  return weights;
}
