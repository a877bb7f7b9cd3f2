/** The `s2s` command-line tool. See README.md ("CLI reference") or `s2s --help`. */
import { COMMANDS } from './commands/index.js';
import { commandLabel, runCli } from './cli/main.js';
import { guardStandardOutput } from './cli/output-guard.js';

const argv = process.argv.slice(2);
guardStandardOutput(process.stdout, { stderr: process.stderr, label: commandLabel(COMMANDS, argv) });
const code = await runCli(COMMANDS, argv, {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = code;
