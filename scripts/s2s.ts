/** The `s2s` command-line tool. See README.md ("CLI reference") or `s2s --help`. */
import { COMMANDS } from './commands/index.js';
import { runCli } from './cli/main.js';

const code = await runCli(COMMANDS, process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = code;
