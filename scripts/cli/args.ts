/**
 * Declarative command-line parsing: each command declares its options (type, description, default, alias, choices);
 * `parseArgs` turns argv into typed values or throws an `OptionError` that names the bad option and the fix;
 * `renderHelp` prints the declaration as `--help`. Pure functions, table-tested in spec/scripts/args.spec.ts.
 *
 * Kept over commander, citty or `node:util` `parseArgs`: the declarative table is what the lazy CLI needs (help from
 * plain data, no command code loaded), and the parse is ~60 lines; `node:util` `parseArgs` under it would still need
 * the number and choice checks, `--no-flag` (Node 22 only) and the "did you mean" errors written here, and commander
 * or citty would replace the table with their own command objects — a dependency for no gain in behaviour.
 */
import { OptionError } from '../../lib/errors.js';

export type OptionType = 'string' | 'number' | 'boolean' | 'strings';

export interface OptionSpec {
  type: OptionType;
  description: string;
  /** One-letter alias, without the dash (`o` for `-o`). */
  alias?: string;
  default?: string | number | boolean | string[];
  /** Allowed values for `string` options. */
  choices?: readonly string[];
  required?: boolean;
  /** What the value is, in help: `FILE`, `DIR`, `PREFIX`… (default: `N` for numbers, the name for choices, else `TEXT`). */
  placeholder?: string;
}

export type OptionsSpec = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'number'
  ? number
  : S['type'] extends 'boolean'
    ? boolean
    : S['type'] extends 'strings'
      ? string[]
      : string;

/** Parsed option values keyed by the option's declared (kebab-case) name. */
export type OptionValues<O extends OptionsSpec> = {
  [K in keyof O]: O[K] extends { default: unknown } | { required: true } | { type: 'boolean' } | { type: 'strings' }
    ? ValueOf<O[K]>
    : ValueOf<O[K]> | undefined;
};

export interface ParsedArgs<O extends OptionsSpec> {
  /** The command's options and the global ones (`help`, `quiet`, `backend`). */
  options: OptionValues<O & typeof GLOBAL_OPTIONS>;
  positionals: string[];
}

/**
 * Options every command accepts, before or after its name (`s2s --backend cpu translate …`). `--backend` is shown
 * only in the help of commands that compute with tensors; elsewhere it is accepted and has no effect.
 */
export const GLOBAL_OPTIONS = {
  help: { type: 'boolean', alias: 'h', description: 'show this help and exit' },
  quiet: {
    type: 'boolean',
    alias: 'q',
    description: 'no progress or informational lines on stderr (errors still appear)',
  },
  backend: {
    type: 'string',
    choices: ['auto', 'tensorflow', 'wasm', 'cpu'],
    placeholder: 'NAME',
    description: 'TensorFlow.js backend (default: $S2S_BACKEND, else the fastest that loads)',
  },
} as const satisfies OptionsSpec;

/**
 * Parses argv against `spec`. Accepts `--name value`, `--name=value`, `-a value`, `--flag`, `--no-flag`, repeated
 * `strings` options, and `--` to end options.
 * @throws OptionError for unknown options (with the closest known name), missing values, bad numbers or choices.
 */
export function parseArgs<O extends OptionsSpec>(spec: O, argv: readonly string[]): ParsedArgs<O> {
  const all: OptionsSpec = { ...GLOBAL_OPTIONS, ...spec };
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  const byAlias = new Map(
    Object.entries(all)
      .filter(([, s]) => s.alias)
      .map(([name, s]) => [s.alias!, name]),
  );

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else {
      const alias = arg.slice(1);
      const resolved = byAlias.get(alias);
      if (!resolved) throw unknownOption(arg, all);
      name = resolved;
    }
    const option = all[name];
    if (!option && name.startsWith('no-') && all[name.slice(3)]?.type === 'boolean') {
      values[name.slice(3)] = false;
      continue;
    }
    if (!option) throw unknownOption(arg, all);
    if (option.type === 'boolean') {
      values[name] = inline === undefined ? true : parseBoolean(name, inline);
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined)
      throw new OptionError('E_OPTION_MISSING', `option --${name} needs a value (${option.description})`, {
        option: name,
      });
    // `-o --format jsonl`: the value was forgotten and the next option would be taken as it.
    if (inline === undefined && raw.startsWith('--') && raw.length > 2)
      throw new OptionError(
        'E_OPTION_MISSING',
        `option --${name} needs a value, got the option ${raw} (${option.description}); for a value that starts with --, write --${name}=${raw}`,
        { option: name, value: raw },
      );
    const value = convert(name, option, raw);
    if (option.type === 'strings') values[name] = [...((values[name] as string[] | undefined) ?? []), value as string];
    else values[name] = value;
  }

  for (const [name, option] of Object.entries(all)) {
    if (values[name] !== undefined) continue;
    if (option.required)
      throw new OptionError('E_OPTION_MISSING', `option --${name} is required (${option.description})`, {
        option: name,
      });
    if (option.default !== undefined) values[name] = option.default;
    else if (option.type === 'boolean') values[name] = false;
    else if (option.type === 'strings') values[name] = [];
  }
  return { options: values as OptionValues<O & typeof GLOBAL_OPTIONS>, positionals };
}

/** A decimal number as people write it: `5`, `-1`, `0.5`, `.5`, `1e3`, `2.5E-4`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function convert(name: string, option: OptionSpec, raw: string): string | number {
  if (option.type === 'number') {
    const n = Number(raw);
    // Decimal notation only: Number() also takes '0x10', '0b11', ' 5 ' and '', which are typos here, not numbers.
    if (!DECIMAL.test(raw) || !Number.isFinite(n))
      throw new OptionError('E_OPTION_INVALID', `option --${name} expects a number, got '${raw}'`, {
        option: name,
        value: raw,
      });
    return n;
  }
  // `--output=` or `-m ''` (an unset shell variable): no path or name is empty; found before any work is done.
  if (raw === '')
    throw new OptionError(
      'E_OPTION_MISSING',
      `option --${name} needs a value, got an empty one (${option.description})`,
      {
        option: name,
        value: raw,
      },
    );
  if (option.choices && !option.choices.includes(raw)) {
    throw new OptionError(
      'E_OPTION_INVALID',
      `option --${name} must be one of ${option.choices.join(', ')}, got '${raw}'`,
      { option: name, value: raw },
    );
  }
  return raw;
}

function parseBoolean(name: string, raw: string): boolean {
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new OptionError('E_OPTION_INVALID', `option --${name} is a flag: use --${name} or --no-${name}, got '${raw}'`, {
    option: name,
    value: raw,
  });
}

/** Names other toolkits (fairseq, Marian, OpenNMT) use for an option of ours, when spelling alone cannot find it. */
const SYNONYMS: Readonly<Record<string, string>> = {
  'batch-size': 'max-sentences',
  'mini-batch': 'max-sentences',
  'batch-type': 'max-tokens',
  'n-best-list': 'n-best',
  normalize: 'length-penalty',
  'len-pen': 'length-penalty',
};

/**
 * Suggests the option meant: another toolkit's name for it (`--batch-size` → `--max-sentences`), the one the name
 * abbreviates (`--beam` → `--beam-size`), else the nearest by edit distance.
 */
function unknownOption(arg: string, all: OptionsSpec): OptionError {
  const bare = arg.replace(/^-+/, '').split('=')[0]!;
  const names = Object.keys(all);
  const synonym = SYNONYMS[bare];
  const extended = names.filter((name) => name.startsWith(bare));
  const closest = names.map((name) => ({ name, d: editDistance(bare, name) })).sort((a, b) => a.d - b.d)[0];
  const guess =
    synonym !== undefined && synonym in all
      ? synonym
      : extended.length === 1
        ? extended[0]
        : closest && closest.d <= Math.max(2, bare.length / 3)
          ? closest.name
          : undefined;
  const hint = guess ? `; did you mean --${guess}?` : '; see --help for the options';
  return new OptionError('E_OPTION_UNKNOWN', `unknown option ${arg}${hint}`, { option: arg });
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The word after a flag in help: what the option takes. */
export function placeholderOf(name: string, o: OptionSpec): string {
  if (o.type === 'boolean') return '';
  if (o.placeholder) return o.placeholder;
  if (o.type === 'number') return 'N';
  return o.choices ? name.toUpperCase() : 'TEXT';
}

/** Renders `--help` text from a command's declaration; `--backend` only when the command computes with tensors. */
export function renderHelp(
  usage: string,
  summary: string,
  spec: OptionsSpec,
  details?: string,
  tensors = false,
): string {
  const { backend, ...always } = GLOBAL_OPTIONS;
  const all: OptionsSpec = { ...spec, ...always, ...(tensors ? { backend } : {}) };
  const rows = Object.entries(all).map(([name, o]) => {
    const word = placeholderOf(name, o);
    const flag = `${o.alias ? `-${o.alias}, ` : '    '}--${name}${word ? ` ${word}` : ''}`;
    const extra = [
      o.choices ? `one of: ${o.choices.join('|')}` : '',
      o.default !== undefined && o.type !== 'boolean' ? `default: ${String(o.default)}` : '',
      o.required ? 'required' : '',
      o.type === 'strings' ? 'repeatable' : '',
    ]
      .filter(Boolean)
      .join('; ');
    return [flag, `${o.description}${extra ? ` (${extra})` : ''}`] as const;
  });
  const width = Math.min(34, Math.max(...rows.map(([f]) => f.length)) + 2);
  const lines = rows.flatMap(([f, d]) => {
    // A flag wider than the column gets its description on the next line, never run into it.
    const head = f.length + 2 > width ? [`  ${f}`] : [];
    const text = wrapWords(d, HELP_COLUMNS - 2 - width);
    const indent = ' '.repeat(2 + width);
    return [...head, ...text.map((t, i) => (i === 0 && head.length === 0 ? `  ${f.padEnd(width)}${t}` : indent + t))];
  });
  return [`Usage: ${usage}`, '', summary, ...(details ? ['', details] : []), '', 'Options:', ...lines, ''].join('\n');
}

/** Width of `--help` text: option descriptions are wrapped to it. */
export const HELP_COLUMNS = 100;

/** `text` cut between words into lines of at most `width` characters (a longer word stays whole). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}
