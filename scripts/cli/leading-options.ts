/**
 * Global options written before the command (`s2s --backend cpu --quiet translate …`): split off so they can be
 * handed to the command with its own options, where they are parsed like any other (`--backend=cpu`, `-q`, `--no-quiet`).
 */
import { OptionError } from '../../lib/errors.js';
import { GLOBAL_OPTIONS, editDistance, type OptionSpec } from './args.js';

/** Top-level flags that are not options of any command. */
export const TOP_LEVEL_FLAGS = { version: { alias: 'V', description: 'print the version and exit' } } as const;

export interface LeadingOptions {
  /** The global options found before the first word, as written (each with its value). */
  globals: string[];
  /** `--version` / `-V` was given. */
  version: boolean;
  /** Everything from the first word (the command) on. */
  rest: string[];
}

const GLOBALS: Record<string, OptionSpec> = GLOBAL_OPTIONS;
const ALIASES = new Map(Object.entries(GLOBALS).flatMap(([name, o]) => (o.alias ? [[o.alias, name] as const] : [])));

/**
 * Splits argv at the first word that is not an option or an option's value.
 * @throws OptionError for an option before the command that is not global (with the closest global name)
 */
export function splitLeadingOptions(argv: readonly string[]): LeadingOptions {
  const globals: string[] = [];
  let version = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-' || arg === '--') break;
    if (arg === '--version' || arg === `-${TOP_LEVEL_FLAGS.version.alias}`) {
      version = true;
      continue;
    }
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : ALIASES.get(arg.slice(1));
    const bare = name?.startsWith('no-') && GLOBALS[name.slice(3)]?.type === 'boolean' ? name.slice(3) : name;
    const option = bare === undefined ? undefined : GLOBALS[bare];
    if (!option) throw notGlobal(arg);
    globals.push(arg);
    if (option.type !== 'boolean' && !arg.includes('=')) {
      const value = argv[++i];
      if (value === undefined)
        throw new OptionError('E_OPTION_MISSING', `option --${bare} needs a value (${option.description})`, {
          option: bare,
        });
      globals.push(value);
    }
  }
  return { globals, version, rest: argv.slice(i) };
}

function notGlobal(arg: string): OptionError {
  const typed = arg.replace(/^-+/, '').split('=')[0]!;
  const names = [...Object.keys(GLOBALS), 'version'];
  const closest = names.map((name) => ({ name, d: editDistance(typed, name) })).sort((a, b) => a.d - b.d)[0]!;
  const hint = closest.d <= Math.max(2, typed.length / 3) ? `did you mean --${closest.name}? ` : '';
  return new OptionError(
    'E_OPTION_UNKNOWN',
    `${arg} is not a global option; ${hint}Options before the command can only be ${names.map((n) => `--${n}`).join(', ')}; put the command's own options after its name`,
    { option: arg },
  );
}
