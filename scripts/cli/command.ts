/** The shape of one `s2s` command: declared options + a `run` that returns the process exit code. */
import type { OptionsSpec, ParsedArgs } from './args.js';
import type { Readable, Writable } from 'node:stream';

/** The process streams a command uses; tests pass their own. */
export interface CliIO {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
}

export interface Command<O extends OptionsSpec = OptionsSpec> {
  /** Words after `s2s`, e.g. `['tokenizer', 'train']`. */
  path: readonly string[];
  /** One line for the command list. */
  summary: string;
  /** Usage line after `s2s <path>`, e.g. `--model FILE [FILES…]`. */
  usage: string;
  /** Optional longer help (examples). */
  details?: string;
  options: O;
  run(args: ParsedArgs<O>, io: CliIO): Promise<number>;
}

/** Identity helper that keeps the option types of a command literal. */
export function defineCommand<O extends OptionsSpec>(command: Command<O>): Command<O> {
  return command;
}
