/**
 * The decoding options of `s2s translate` (and `s2s lm generate`), declared once. Each flag is its `DecodeOptions`
 * field in kebab-case (OpenNMT/Marian/fairseq names where they agree); defaults come from the library's `DEFAULTS`;
 * values are validated once by `resolveDecodeOptions`, whose field errors are reworded here for the flag.
 */
import type { OptionsSpec, OptionValues } from './args.js';
import { DEFAULTS, resolveDecodeOptions, type DecodeOptions } from '../../lib/decode/options.js';
import { LENGTH_PENALTIES } from '../../lib/decode/length-penalty.js';
import { withFlagErrors, type FlagTable } from './flag-errors.js';

export const DECODE_CLI_OPTIONS = {
  'beam-size': {
    type: 'number',
    default: DEFAULTS.beamSize,
    description: 'hypotheses kept per sentence (1 = greedy search)',
  },
  'n-best': {
    type: 'number',
    default: DEFAULTS.nBest,
    description: 'hypotheses returned per sentence (jsonl/msgpack output), ≤ --beam-size',
  },
  'length-penalty': {
    type: 'string',
    choices: LENGTH_PENALTIES,
    placeholder: 'NAME',
    default: DEFAULTS.lengthPenalty,
    description: 'length normalisation of finished hypotheses: none, avg (score/length) or wu (GNMT ((5+|y|)/6)^α)',
  },
  alpha: { type: 'number', default: DEFAULTS.alpha, description: 'α of the wu length penalty' },
  'min-length': {
    type: 'number',
    default: DEFAULTS.minLength,
    description: 'no end of sentence before this many tokens',
  },
  'max-length': { type: 'number', default: DEFAULTS.maxLength, description: 'at most this many output tokens' },
  'max-length-ratio': {
    type: 'number',
    default: DEFAULTS.maxLengthRatio,
    description: 'at most ratio × source tokens (0 = off)',
  },
  sampling: {
    type: 'boolean',
    default: DEFAULTS.sampling,
    description: 'sample tokens instead of searching (needs --beam-size 1)',
  },
  temperature: {
    type: 'number',
    default: DEFAULTS.temperature,
    description: 'sampling temperature (<1 sharper, >1 flatter)',
  },
  'top-k': { type: 'number', default: DEFAULTS.topK, description: 'sample among the k most likely tokens (0 = all)' },
  'top-p': {
    type: 'number',
    default: DEFAULTS.topP,
    description: 'nucleus sampling: smallest set with probability ≥ p (1 = all)',
  },
  seed: { type: 'number', default: DEFAULTS.seed, description: 'sampling seed (same seed, same output)' },
  'no-repeat-ngram-size': {
    type: 'number',
    default: DEFAULTS.noRepeatNgramSize,
    description: 'forbid repeating any n-gram of this size (0 = off)',
  },
  'ban-unk': { type: 'boolean', default: DEFAULTS.banUnk, description: 'never output the unknown token' },
  'lm-weight': {
    type: 'number',
    default: DEFAULTS.lmWeight,
    description: 'λ of the language model (--lm): shallow fusion score += λ·log p_LM',
  },
  'lm-rescore': {
    type: 'boolean',
    default: DEFAULTS.lmRescore,
    description: 'use the LM to rescore the finished n-best instead of fusing it into every step',
  },
  alignment: {
    type: 'string',
    choices: ['none', 'soft', 'hard'],
    default: DEFAULTS.alignment,
    description: 'attention alignments in jsonl/msgpack output: soft matrix or hard argmax',
  },
} as const satisfies OptionsSpec;

/** `beamSize` → `beam-size`: the flag of each decoding field. */
function flagName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

const FIELDS = Object.keys(DEFAULTS) as (keyof DecodeOptions)[];

/** field → `--flag`, for error messages. */
export const DECODE_FLAGS: FlagTable = Object.fromEntries(FIELDS.map((field) => [field, `--${flagName(field)}`]));

/** Validated decode options from parsed CLI values. @throws OptionError naming the bad flag */
export function decodeOptionsFrom(values: OptionValues<typeof DECODE_CLI_OPTIONS>): DecodeOptions {
  const byFlag = values as Readonly<Record<string, unknown>>;
  const partial = Object.fromEntries(FIELDS.map((field) => [field, byFlag[flagName(field)]])) as Partial<DecodeOptions>;
  return withFlagErrors(DECODE_FLAGS, () => resolveDecodeOptions(partial));
}
