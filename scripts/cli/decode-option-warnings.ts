/**
 * Options that were set but cannot take effect with the others (e.g. `--temperature` without `--sampling`): the run
 * goes on, but the user is told, since they likely meant something else. A pure function over validated options:
 * a field counts as set when it differs from `DEFAULTS`.
 *
 * @example
 * for (const w of ignoredDecodeOptions(parseDecodeOptions(argv))) stderr.write(`warning: ${w}\n`);
 */
import { DEFAULTS, type DecodeOptions } from '../../lib/decode/options.js';

/** One sentence per option that has no effect, naming it as on the command line. */
export function ignoredDecodeOptions(o: DecodeOptions): string[] {
  const set = <F extends keyof DecodeOptions>(field: F): boolean => o[field] !== DEFAULTS[field];
  const warnings: string[] = [];
  if (!o.sampling) {
    if (set('temperature')) warnings.push('--temperature has no effect without --sampling');
    if (set('topK')) warnings.push('--top-k has no effect without --sampling');
    if (set('topP')) warnings.push('--top-p has no effect without --sampling');
    if (set('seed')) warnings.push('--seed has no effect without --sampling (search is deterministic)');
  }
  if (set('alpha') && o.lengthPenalty !== 'wu')
    warnings.push(`--alpha has no effect with --length-penalty ${o.lengthPenalty} (only wu uses it)`);
  if (o.lmRescore && o.lmWeight === 0) warnings.push('--lm-rescore has no effect without --lm and --lm-weight');
  return warnings;
}
