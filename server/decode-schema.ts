/**
 * The decoding options of a request, as JSON schemas generated from the one declaration the CLI uses
 * (`DEFAULTS` in lib/decode/options.ts for names and types, `DECODE_CLI_OPTIONS` for choices and descriptions): the
 * native API takes camelCase fields in a JSON body (`beamSize`), the streaming endpoints kebab-case query parameters
 * (`beam-size`), exactly as `s2s translate` spells them. Ranges are checked by the library's `resolveDecodeOptions`, the CLI's own
 * validator, so a request and the command line accept the same values and start from the same defaults.
 */
import { DEFAULTS, resolveDecodeOptions as validateDecodeOptions, type DecodeOptions } from '../lib/decode/options.js';
import { DECODE_CLI_OPTIONS, DECODE_FLAGS } from '../scripts/cli/decode-options.js';

/** The CLI's name of a field, without dashes (`beamSize` → `beam-size`). */
const cliName = (field: keyof DecodeOptions): string => DECODE_FLAGS[field]!.slice(2);
import { OptionError } from '../lib/errors.js';
import { RequestError } from './errors.js';

type FieldSchema = {
  type: 'number' | 'boolean' | 'string';
  description: string;
  default: number | boolean | string;
  enum?: readonly string[];
  maximum?: number;
};

const FIELDS = Object.keys(DEFAULTS) as (keyof DecodeOptions)[];

function fieldSchema(field: keyof DecodeOptions, defaults: DecodeOptions, maxBeamSize: number): FieldSchema {
  const cli = DECODE_CLI_OPTIONS[cliName(field) as keyof typeof DECODE_CLI_OPTIONS];
  const value = defaults[field];
  const type = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
  return {
    type,
    description: cli.description,
    default: value,
    ...('choices' in cli ? { enum: cli.choices } : {}),
    ...(field === 'beamSize' || field === 'nBest' ? { maximum: maxBeamSize } : {}),
    ...(field === 'maxLength' || field === 'minLength' ? { maximum: defaults.maxLength } : {}),
  };
}

/** Schema of the native API's `options` object (camelCase fields). */
export function decodeBodySchema(defaults: DecodeOptions, maxBeamSize: number): object {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(FIELDS.map((f) => [f, fieldSchema(f, defaults, maxBeamSize)])),
  };
}

/** Schema properties of the streaming endpoints' query string (kebab-case names). */
export function decodeQueryProperties(defaults: DecodeOptions, maxBeamSize: number): Record<string, object> {
  return Object.fromEntries(FIELDS.map((f) => [cliName(f), fieldSchema(f, defaults, maxBeamSize)]));
}

/**
 * A query-string value read as its field's type, as a schema would coerce it (`"2"` → 2, `"true"` → true): the
 * WebSocket route validates its query itself, so its values arrive as strings. Anything else is left for the
 * validator to name.
 */
function fromQueryString(value: unknown, like: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (typeof like === 'number' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (typeof like === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * A request's options over the server's defaults, validated as the CLI validates them.
 * @param given camelCase or kebab-case keys (values may be query strings); other keys are ignored
 * @throws RequestError 400 naming the option
 */
export function resolveDecodeOptions(
  defaults: DecodeOptions,
  given: Readonly<Record<string, unknown>>,
  maxBeamSize: number,
): DecodeOptions {
  const merged: Record<string, unknown> = { ...defaults };
  for (const field of FIELDS) {
    const value = given[field] ?? given[cliName(field)];
    if (value !== undefined) merged[field] = fromQueryString(value, defaults[field]);
  }
  try {
    const options = validateDecodeOptions(merged as Partial<DecodeOptions>);
    if (options.beamSize > maxBeamSize)
      throw new OptionError(
        'E_OPTION_INVALID',
        `beamSize must be at most ${maxBeamSize} on this server, got ${options.beamSize}`,
        { field: 'beamSize' },
      );
    // A request may shorten outputs, not lengthen them past the server's own maxLength (its decoding cost bound).
    for (const field of ['maxLength', 'minLength'] as const) {
      if (options[field] > defaults.maxLength)
        throw new OptionError(
          'E_OPTION_INVALID',
          `${field} must be at most ${defaults.maxLength} on this server (its --max-length), got ${options[field]}`,
          { field },
        );
    }
    return options;
  } catch (err) {
    if (err instanceof OptionError)
      throw new RequestError(400, err.code, `invalid decoding option: ${err.message}`, { details: err.details });
    throw err;
  }
}
