/**
 * Decoding options: the library owns their defaults (`DEFAULTS`, after OpenNMT-py `translate` and Marian `decoder`,
 * with their option names where they agree) and validates them once (`resolveDecodeOptions`), reporting errors by
 * field. The CLI's flags are these fields in kebab-case (scripts/cli/decode-options.ts).
 */
import { invalidField } from '../errors.js';
import { LENGTH_PENALTIES, type LengthPenaltyName } from './length-penalty.js';

export const ALIGNMENT_MODES = ['none', 'soft', 'hard'] as const;
export type AlignmentMode = (typeof ALIGNMENT_MODES)[number];

/** One field per option; `DEFAULTS` says what each does. */
export interface DecodeOptions {
  beamSize: number;
  nBest: number;
  lengthPenalty: LengthPenaltyName;
  alpha: number;
  minLength: number;
  maxLength: number;
  /** 0 = off. */
  maxLengthRatio: number;
  sampling: boolean;
  temperature: number;
  /** 0 = off. */
  topK: number;
  /** 1 = off. */
  topP: number;
  seed: number;
  /** 0 = off. */
  noRepeatNgramSize: number;
  banUnk: boolean;
  lmWeight: number;
  lmRescore: boolean;
  alignment: AlignmentMode;
}

/** Defaults; lengths count target tokens without the final eos. */
export const DEFAULTS: Readonly<DecodeOptions> = Object.freeze({
  /** K hypotheses kept per sentence (OpenNMT `-beam_size` 5); 1 = greedy search. */
  beamSize: 5,
  /** Hypotheses returned per sentence, best first (OpenNMT `-n_best` 1); at most beamSize. */
  nBest: 1,
  /** Length normalisation of finished hypotheses: none | avg | wu (OpenNMT-py 3 default `avg`). */
  lengthPenalty: 'avg',
  /** α of the GNMT (`wu`) penalty; 0.6 is the value tuned in the GNMT paper. */
  alpha: 0.6,
  /** No eos before this many tokens (OpenNMT `-min_length` 0). */
  minLength: 0,
  /** Absolute cap on output tokens; eos is forced at this length (OpenNMT `-max_length` 250). */
  maxLength: 250,
  /** Per-sentence cap `ceil(ratio · source length)`, never below minLength (Marian `--max-length-factor` 3); 0 = off. */
  maxLengthRatio: 3,
  /** Draw tokens at random instead of searching (OpenNMT random sampling); needs beamSize 1. */
  sampling: false,
  /** Divides the log-probabilities before sampling: < 1 sharper, > 1 flatter (OpenNMT `-random_sampling_temp` 1). */
  temperature: 1,
  /** Sample among the k most likely tokens only; 0 = all (transformers `top_k`). */
  topK: 0,
  /** Nucleus sampling: the smallest set of tokens with probability ≥ p; 1 = all (transformers `top_p`). */
  topP: 1,
  /** Seed of the sampling RNG: the same seed gives the same samples. */
  seed: 1,
  /** Forbid repeating any n-gram of this size within an output (fairseq `--no-repeat-ngram-size`); 0 = off. */
  noRepeatNgramSize: 0,
  /** Never produce the unknown token (OpenNMT `-ban_unk_token`). */
  banUnk: false,
  /** λ of the language model: shallow fusion `score += λ · log p_LM(y_i | y_<i)`, or rescoring weight; 0 = no LM. */
  lmWeight: 0,
  /** Use the LM to rescore the finished n-best (`score += λ · log p_LM(y)`) instead of fusing it into each step. */
  lmRescore: false,
  /** Attention output per hypothesis: none, soft (matrix [T][S]) or hard (argmax per target token). */
  alignment: 'none',
});

/**
 * Upper bounds of the sizes: memory and time grow with them, so a value past these is a typo or a mistake, refused
 * as a usage error instead of an out-of-memory abort (beam search keeps K hypotheses per sentence, each step scores
 * K × V tokens; lengths bound the decode loop).
 */
export const DECODE_LIMITS = Object.freeze({
  /** Hypotheses kept per sentence (published systems use 4–12; exhaustive search over a toy vocabulary needs ~1000). */
  beamSize: 1024,
  /** Output tokens of one sentence. */
  maxLength: 10_000,
  /** Output length as a multiple of the source length. */
  maxLengthRatio: 100,
  /** Vocabulary entries for top-k (no model here has a million tokens). */
  topK: 1_000_000,
  /** α of the GNMT penalty, temperature and λ of the LM: values past these flatten or swamp every score. */
  alpha: 10,
  temperature: 100,
  lmWeight: 100,
});

type Kind = 'int' | 'number' | 'boolean' | 'choice';

/** The type of each field, checked for callers without static types (JSON request bodies). */
const FIELDS: { [F in keyof DecodeOptions]: { kind: Kind; choices?: readonly string[] } } = {
  beamSize: { kind: 'int' },
  nBest: { kind: 'int' },
  lengthPenalty: { kind: 'choice', choices: LENGTH_PENALTIES },
  alpha: { kind: 'number' },
  minLength: { kind: 'int' },
  maxLength: { kind: 'int' },
  maxLengthRatio: { kind: 'number' },
  sampling: { kind: 'boolean' },
  temperature: { kind: 'number' },
  topK: { kind: 'int' },
  topP: { kind: 'number' },
  seed: { kind: 'int' },
  noRepeatNgramSize: { kind: 'int' },
  banUnk: { kind: 'boolean' },
  lmWeight: { kind: 'number' },
  lmRescore: { kind: 'boolean' },
  alignment: { kind: 'choice', choices: ALIGNMENT_MODES },
};

const SCOPE = 'decode option';

function checkType(field: keyof DecodeOptions, value: unknown): void {
  const spec = FIELDS[field];
  const bad = (expected: string): never => {
    throw invalidField(SCOPE, field, expected, value);
  };
  switch (spec.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') bad('true or false');
      return;
    case 'choice':
      if (typeof value !== 'string' || !(spec.choices ?? []).includes(value))
        bad(`one of ${(spec.choices ?? []).join(', ')}`);
      return;
    case 'int':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) bad('a number');
      if (spec.kind === 'int' && !Number.isInteger(value)) bad('an integer');
  }
}

/**
 * Validated decoding options, resolved once (a translator keeps the result for every batch): fields that are missing
 * or `undefined` take `DEFAULTS`; keys that are not decoding options are ignored.
 * @throws OptionError `E_OPTION_INVALID` whose `details` (`FieldErrorDetails`) name the field, what it must be and the
 *   value found.
 * @example
 * const options = resolveDecodeOptions({ beamSize: 1, sampling: true, topP: 0.9 });
 */
export function resolveDecodeOptions(partial: Readonly<Partial<DecodeOptions>> = {}): DecodeOptions {
  const values: Record<string, unknown> = { ...DEFAULTS };
  for (const field of Object.keys(FIELDS) as (keyof DecodeOptions)[]) {
    const value = partial[field];
    if (value === undefined) continue;
    checkType(field, value);
    values[field] = value;
  }
  const o = values as unknown as DecodeOptions;
  const check = (ok: boolean, field: keyof DecodeOptions, expected: string): void => {
    if (!ok) throw invalidField(SCOPE, field, expected, o[field]);
  };
  const L = DECODE_LIMITS;
  check(
    o.beamSize >= 1 && o.beamSize <= L.beamSize,
    'beamSize',
    `an integer from 1 to ${L.beamSize} (memory grows with it)`,
  );
  check(o.nBest >= 1 && o.nBest <= o.beamSize, 'nBest', `an integer in [1, ${o.beamSize}] (at most the beam size)`);
  check(o.alpha >= 0 && o.alpha <= L.alpha, 'alpha', `a number from 0 to ${L.alpha}`);
  check(o.minLength >= 0, 'minLength', 'an integer ≥ 0');
  check(o.maxLength >= 1 && o.maxLength <= L.maxLength, 'maxLength', `an integer from 1 to ${L.maxLength}`);
  check(o.minLength <= o.maxLength, 'minLength', `at most the maximum length (${o.maxLength})`);
  check(
    o.maxLengthRatio >= 0 && o.maxLengthRatio <= L.maxLengthRatio,
    'maxLengthRatio',
    `a number from 0 to ${L.maxLengthRatio} (0 = no ratio limit)`,
  );
  check(!o.sampling || o.beamSize === 1, 'beamSize', '1 when sampling (sampling draws one hypothesis per sentence)');
  check(o.temperature > 0 && o.temperature <= L.temperature, 'temperature', `a number > 0 and ≤ ${L.temperature}`);
  check(o.topK >= 0 && o.topK <= L.topK, 'topK', `an integer from 0 to ${L.topK} (0 = no top-k limit)`);
  check(o.topP > 0 && o.topP <= 1, 'topP', 'a number in (0, 1] (1 = no nucleus limit)');
  check(Number.isSafeInteger(o.seed), 'seed', `an integer of at most 2^53 − 1 in size`);
  check(
    o.noRepeatNgramSize >= 0 && o.noRepeatNgramSize <= o.maxLength,
    'noRepeatNgramSize',
    `an integer from 0 (off) to the maximum length (${o.maxLength})`,
  );
  check(o.lmWeight >= 0 && o.lmWeight <= L.lmWeight, 'lmWeight', `a number from 0 to ${L.lmWeight}`);
  return o;
}
