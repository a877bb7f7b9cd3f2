/**
 * The shape of one `s2s` command. A command is declared in two parts so that `s2s --help` and `s2s X --help` load no
 * model code: its *meta* (path, summary, usage, options: plain data in a light module) and its *run* (the heavy code,
 * imported only when the command runs). See scripts/commands/index.ts for how a command is added.
 */
import type { OptionsSpec, ParsedArgs } from './args.js';
import type { Readable, Writable } from 'node:stream';

/** The process streams a command uses; tests pass their own. */
export interface CliIO {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  /** Progress and informational lines: stderr, or a sink under `--quiet` (errors still go to stderr). Default stderr. */
  log?: Pick<Writable, 'write'> & { isTTY?: boolean };
}

/** Where a command writes progress and informational lines (`--quiet` silences them). */
export function logStream(io: CliIO): NonNullable<CliIO['log']> {
  return io.log ?? io.stderr;
}

/** What `--help` and the command list need: plain data, no heavy imports. */
export interface CommandMeta<O extends OptionsSpec = OptionsSpec> {
  /** Words after `s2s`, e.g. `['tokenizer', 'train']`. */
  path: readonly string[];
  /** One line for the command list. */
  summary: string;
  /** Usage line after `s2s <path>`, e.g. `--model FILE [FILES…]`. */
  usage: string;
  /** Optional longer help (examples). */
  details?: string;
  options: O;
  /** True when the command computes with tensors: it takes `--backend` (shown in its help). */
  tensors?: boolean;
  /**
   * The most arguments (non-options: files, a task name) the command takes; more is a usage error (default 0: an
   * argument such as `s2s tokenizer encode in.txt`, meant as the input, must not be ignored while stdin is read).
   */
  maxPositionals?: number;
}

export interface Command<O extends OptionsSpec = OptionsSpec> extends CommandMeta<O> {
  run(args: ParsedArgs<O>, io: CliIO): Promise<number>;
}

/** A command whose run code is imported on demand. */
export interface LazyCommand<O extends OptionsSpec = OptionsSpec> extends CommandMeta<O> {
  load(): Promise<Command<O>>;
}

/** What the command table holds: a lazy command, or (older form) a command whose module was imported eagerly. */
export type CommandEntry = LazyCommand<OptionsSpec> | Command<OptionsSpec>;

/** Identity helper that keeps the option types of a command literal. */
export function defineCommand<O extends OptionsSpec>(command: Command<O>): Command<O> {
  return command;
}

/** Identity helper for a command's meta (its light module). */
export function defineCommandMeta<O extends OptionsSpec>(meta: CommandMeta<O>): CommandMeta<O> {
  return meta;
}

/** Pairs a meta with the import of its run code: `lazyCommand(fooMeta, async () => (await import('./foo.js')).fooCommand)`. */
export function lazyCommand<O extends OptionsSpec>(
  meta: CommandMeta<O>,
  load: () => Promise<Command<O>>,
): CommandEntry {
  return { ...meta, load } as unknown as CommandEntry;
}

/** The runnable command of an entry (imports its module when lazy). */
export async function resolveCommand(entry: CommandEntry): Promise<Command<OptionsSpec>> {
  return 'load' in entry ? entry.load() : entry;
}
