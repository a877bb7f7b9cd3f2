/**
 * `s2s` entry point logic: finds the command named by the leading words of argv, parses its options, selects the
 * backend when the command needs tensors, runs it, and turns typed errors into one clear stderr line + exit code.
 */
import { parseArgs, renderHelp, editDistance, type OptionsSpec } from './args.js';
import type { CliIO, Command } from './command.js';
import { S2SError } from '../../lib/errors.js';

/** Exit codes: 0 ok, 1 runtime failure, 2 usage error (bad options), 3 failed check (e.g. gradcheck). */
export const EXIT = { ok: 0, failure: 1, usage: 2, check: 3 } as const;

/** Finds the command whose path is the longest prefix of argv's leading words. */
export function findCommand(commands: readonly Command<OptionsSpec>[], argv: readonly string[]): { command: Command<OptionsSpec>; rest: string[] } | undefined {
  let best: Command<OptionsSpec> | undefined;
  for (const command of commands) {
    const matches = command.path.every((word, i) => argv[i] === word);
    if (matches && (!best || command.path.length > best.path.length)) best = command;
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
}

/** The message for argv that names no command: a group's subcommands (`s2s lm`), else the closest command. */
export function unknownCommand(commands: readonly Command<OptionsSpec>[], argv: readonly string[]): string {
  const words = argv.filter((a) => !a.startsWith('-'));
  const group = commands.filter((c) => c.path.length > 1 && c.path[0] === words[0]);
  if (group.length > 0) return `s2s ${words[0]}: name a subcommand\n\n${renderCommandList(group)}`;
  const typed = words.slice(0, 2).join(' ');
  const closest = commands.map((c) => ({ name: c.path.join(' '), d: editDistance(typed, c.path.join(' ')) })).sort((a, b) => a.d - b.d)[0];
  const hint = closest && closest.d <= 3 ? `; did you mean 's2s ${closest.name}'?` : '';
  return `s2s: unknown command '${typed}'${hint}\n\n${renderCommandList(commands)}`;
}

export function renderCommandList(commands: readonly Command<OptionsSpec>[]): string {
  const rows = commands.map((c) => [c.path.join(' '), c.summary] as const);
  const width = Math.max(...rows.map(([p]) => p.length)) + 3;
  return [
    'Usage: s2s <command> [options]',
    '',
    'Recurrent neural machine translation and language models (TensorFlow.js).',
    '',
    'Commands:',
    ...rows.map(([p, s]) => `  ${p.padEnd(width)}${s}`),
    '',
    "Run 's2s <command> --help' for a command's options. Backend: --backend or S2S_BACKEND (tensorflow|wasm|cpu).",
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

export async function runCli(commands: readonly Command<OptionsSpec>[], argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(renderCommandList(commands));
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const found = findCommand(commands, argv);
  if (!found) {
    io.stderr.write(unknownCommand(commands, argv));
    return EXIT.usage;
  }
  const { command, rest } = found;
  const usage = `s2s ${command.path.join(' ')} ${command.usage}`.trim();
  try {
    // --help wins over everything else on the line, even a missing required option
    const endOfOptions = rest.indexOf('--');
    if ((endOfOptions < 0 ? rest : rest.slice(0, endOfOptions)).some((a) => a === '--help' || a === '-h')) {
      io.stdout.write(renderHelp(usage, command.summary, command.options, command.details));
      return EXIT.ok;
    }
    return await command.run(parseArgs(command.options, rest), io);
  } catch (err) {
    if (isS2SError(err)) {
      io.stderr.write(`s2s ${command.path.join(' ')}: ${err.message}\n`);
      return err.code.startsWith('E_OPTION') ? EXIT.usage : EXIT.failure;
    }
    // Never a bare stack trace: one line, the stack only on request.
    io.stderr.write(`s2s ${command.path.join(' ')}: internal error: ${err instanceof Error ? err.message : String(err)} (set S2S_DEBUG=1 for the stack trace)\n`);
    if (process.env['S2S_DEBUG']) io.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
    return EXIT.failure;
  }
}
