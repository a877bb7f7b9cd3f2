/**
 * `s2s` entry point logic: finds the command named by the leading words of argv (global options may come before
 * it), prints help from the commands' metadata alone, imports the command's code only to run it, and turns typed
 * errors into one clear stderr line + exit code.
 *
 *   s2s [--version|-V] [--help|-h] [global options] <command words> [options] [args]
 *   s2s help [<command words>]
 */
import { parseArgs, renderHelp, editDistance } from './args.js';
import { resolveCommand, type CliIO, type CommandEntry, type CommandMeta } from './command.js';
import { splitLeadingOptions, TOP_LEVEL_FLAGS } from './leading-options.js';
import { packageVersion } from './version.js';
import { OptionError, S2SError } from '../../lib/errors.js';

/** Exit codes: 0 ok, 1 runtime failure, 2 usage error (bad options), 3 failed check (e.g. gradcheck). */
export const EXIT = { ok: 0, failure: 1, usage: 2, check: 3 } as const;

/** Finds the command whose path is the longest prefix of argv's leading words. */
export function findCommand<C extends CommandMeta>(
  commands: readonly C[],
  argv: readonly string[],
): { command: C; rest: string[] } | undefined {
  let best: C | undefined;
  for (const command of commands) {
    const matches = command.path.every((word, i) => argv[i] === word);
    if (matches && (!best || command.path.length > best.path.length)) best = command;
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
}

/** `s2s translate` for argv naming that command (global options may come first), else `s2s`: a message prefix. */
export function commandLabel(commands: readonly CommandMeta[], argv: readonly string[]): string {
  try {
    const found = findCommand(commands, splitLeadingOptions(argv).rest);
    return found ? `s2s ${found.command.path.join(' ')}` : 's2s';
  } catch {
    return 's2s';
  }
}

/** The commands of a group (`lm` → `lm train`, `lm score`, …); empty when `word` names no group. */
function groupOf(commands: readonly CommandMeta[], word: string | undefined): CommandMeta[] {
  return commands.filter((c) => c.path.length > 1 && c.path[0] === word);
}

/** The message for argv that names no command: a group's subcommands (`s2s lm`), else the closest command. */
export function unknownCommand(commands: readonly CommandMeta[], argv: readonly string[]): string {
  const words = argv.filter((a) => !a.startsWith('-'));
  const group = groupOf(commands, words[0]);
  if (group.length > 0) return `s2s ${words[0]}: name a subcommand\n\n${renderCommandList(group, words[0])}`;
  const typed = words.slice(0, 2).join(' ');
  const closest = commands
    .map((c) => ({ name: c.path.join(' '), d: editDistance(typed, c.path.join(' ')) }))
    .sort((a, b) => a.d - b.d)[0];
  const hint = closest && closest.d <= 3 ? `; did you mean 's2s ${closest.name}'?` : '';
  return `s2s: unknown command '${typed}'${hint}\n\n${renderCommandList(commands)}`;
}

/** The command list (`s2s --help`), or a group's (`s2s lm --help`). */
export function renderCommandList(commands: readonly CommandMeta[], group?: string): string {
  const rows = commands.map((c) => [c.path.join(' '), c.summary] as const);
  const width = Math.max(...rows.map(([p]) => p.length)) + 3;
  const head =
    group === undefined
      ? [
          'Usage: s2s [global options] <command> [options]',
          '',
          'Recurrent neural machine translation and language models (TensorFlow.js).',
        ]
      : [`Usage: s2s ${group} <command> [options]`];
  return [
    ...head,
    '',
    'Commands:',
    ...rows.map(([p, s]) => `  ${p.padEnd(width)}${s}`),
    '',
    ...(group === undefined
      ? [
          'Global options (before or after the command):',
          '  -h, --help            show help (also: s2s help <command>)',
          `  -${TOP_LEVEL_FLAGS.version.alias}, --version         ${TOP_LEVEL_FLAGS.version.description}`,
          '  -q, --quiet           no progress or informational lines on stderr',
          '      --backend NAME    TensorFlow.js backend: auto|tensorflow|wasm|cpu (default: $S2S_BACKEND, else auto)',
          '',
        ]
      : []),
    `Run 's2s help <command>' or 's2s <command> --help' for a command's options.`,
    '',
  ].join('\n');
}

/**
 * An error of the project's family, also when its class came from another copy of lib/errors.ts (a module loaded
 * both by `require` and by `import()`, as under mocha + tsx, has two copies and `instanceof` fails across them).
 */
function isS2SError(err: unknown): err is S2SError {
  if (err instanceof S2SError) return true;
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^E_[A-Z0-9_]+$/.test(code) && 'details' in (err as object);
}

/** Help for the words after `s2s help`: a command's options, a group's list, or the whole list. */
function helpFor(commands: readonly CommandEntry[], words: readonly string[], io: CliIO): number {
  if (words.length === 0) {
    io.stdout.write(renderCommandList(commands));
    return EXIT.ok;
  }
  const found = findCommand(commands, words);
  if (found && found.rest.length === 0) {
    io.stdout.write(commandHelp(found.command));
    return EXIT.ok;
  }
  const group = groupOf(commands, words[0]);
  if (group.length > 0 && words.length === 1) {
    io.stdout.write(renderCommandList(group, words[0]));
    return EXIT.ok;
  }
  io.stderr.write(unknownCommand(commands, words));
  return EXIT.usage;
}

function commandHelp(command: CommandMeta): string {
  return renderHelp(
    `s2s ${command.path.join(' ')} ${command.usage}`.trim(),
    command.summary,
    command.options,
    command.details,
    command.tensors ?? false,
  );
}

/** Whether `--help`/`-h` appears among options (before a `--`). */
function asksHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Refuses more arguments than `command` takes (`maxPositionals`), naming them and the command's usage. */
function checkPositionals(command: CommandMeta, positionals: readonly string[]): void {
  const max = command.maxPositionals ?? 0;
  if (positionals.length <= max) return;
  const extra = positionals.slice(max).map((p) => `'${p}'`);
  const takes = max === 0 ? 'takes no arguments' : `takes at most ${max} argument${max === 1 ? '' : 's'}`;
  throw new OptionError(
    'E_OPTION_INVALID',
    `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.join(' ')}: this command ${takes} (usage: s2s ${command.path.join(' ')} ${command.usage})`,
    { option: 'arguments', value: positionals.slice(max) },
  );
}

/** Standing in for stderr's informational lines under `--quiet`. */
const SILENT = { write: (): boolean => true };

export async function runCli(commands: readonly CommandEntry[], argv: readonly string[], io: CliIO): Promise<number> {
  let leading;
  try {
    leading = splitLeadingOptions(argv);
  } catch (err) {
    if (!(err instanceof S2SError)) throw err;
    io.stderr.write(`s2s: ${err.message}\n`);
    return EXIT.usage;
  }
  const { globals, rest } = leading;
  if (leading.version) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (rest[0] === 'help') return helpFor(commands, rest.slice(1), io);
  if (rest.length === 0) {
    io.stdout.write(renderCommandList(commands));
    return asksHelp(globals) ? EXIT.ok : EXIT.usage;
  }
  const found = findCommand(commands, rest);
  if (!found) {
    const group = groupOf(commands, rest[0]);
    if (group.length > 0 && rest.length > 0 && asksHelp([...globals, ...rest.slice(1)]))
      return helpFor(commands, [rest[0]!], io);
    io.stderr.write(unknownCommand(commands, rest));
    return EXIT.usage;
  }
  const { command: entry } = found;
  const commandArgv = [...globals, ...found.rest];
  try {
    // --help wins over everything else on the line, even a missing required option
    if (asksHelp(commandArgv)) {
      io.stdout.write(commandHelp(entry));
      return EXIT.ok;
    }
    const args = parseArgs(entry.options, commandArgv);
    checkPositionals(entry, args.positionals);
    const command = await resolveCommand(entry);
    return await command.run(args, args.options.quiet ? { ...io, log: SILENT } : io);
  } catch (err) {
    if (isS2SError(err)) {
      // A library message may start with the operation's name, which is the command's (`average: …`): said once.
      const own = `${entry.path.at(-1)}: `;
      const message = err.message.startsWith(own) ? err.message.slice(own.length) : err.message;
      io.stderr.write(`s2s ${entry.path.join(' ')}: ${message}\n`);
      return err.code.startsWith('E_OPTION') ? EXIT.usage : EXIT.failure;
    }
    // Never a bare stack trace: one line, the stack only on request.
    io.stderr.write(
      `s2s ${entry.path.join(' ')}: internal error: ${err instanceof Error ? err.message : String(err)} (set S2S_DEBUG=1 for the stack trace)\n`,
    );
    if (process.env['S2S_DEBUG']) io.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
    return EXIT.failure;
  }
}
