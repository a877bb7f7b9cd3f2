/**
 * sacreBLEU reproducibility signatures, in the format of sacreBLEU 2.x (`Signature.format()`, long names):
 * `key:value` pairs joined by `|`, `nrefs` first and `version` last, e.g.
 * `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3` (BLEU) and
 * `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.4.3` (chrF).
 *
 * `version` names the sacreBLEU release whose behaviour and output this code reproduces (it is not this package's
 * version): the signature format and the 13a/BLEU/chrF computations are unchanged across sacreBLEU 2.0–2.4, and
 * scores computed here equal sacreBLEU 2.4.3's on the same inputs and options.
 */

/** The sacreBLEU release this implementation mimics; written into every signature. */
export const SACREBLEU_COMPAT_VERSION = '2.4.3';

/** Number of references: a count, or `'var'` when segments have different numbers of (non-empty) references. */
export type NumRefs = number | 'var';

/** Joins signature fields in order, appending `version` last. */
export function formatSignature(fields: ReadonlyArray<readonly [string, string | number]>): string {
  return [...fields, ['version', SACREBLEU_COMPAT_VERSION] as const].map(([k, v]) => `${k}:${v}`).join('|');
}
