import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { findCommand, runCli, unknownCommand, EXIT } from '../../scripts/cli/main.js';
import { defineCommand, type Command } from '../../scripts/cli/command.js';
import type { OptionsSpec } from '../../scripts/cli/args.js';

const ran: string[] = [];
const make = (path: string[]): Command<OptionsSpec> =>
  defineCommand({ path, summary: `does ${path.join(' ')}`, usage: '', options: { n: { type: 'number', required: true, description: 'a number' } }, async run({ options }) { ran.push(`${path.join(' ')} ${options.n}`); return 0; } }) as unknown as Command<OptionsSpec>;
const COMMANDS = [make(['translate']), make(['lm', 'train']), make(['lm', 'score'])];

function io(): { io: Parameters<typeof runCli>[2]; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c: Buffer) => (o += c.toString()));
  stderr.on('data', (c: Buffer) => (e += c.toString()));
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: () => o, err: () => e };
}

describe('scripts/cli/main', () => {
  it('finds the longest matching command path', () => {
    expect(findCommand(COMMANDS, ['lm', 'score', '--n', '1'])?.command.path).to.deep.equal(['lm', 'score']);
    expect(findCommand(COMMANDS, ['lm'])).to.equal(undefined);
  });

  it('suggests the closest command, or lists a group', () => {
    expect(unknownCommand(COMMANDS, ['translat'])).to.match(/did you mean 's2s translate'/);
    expect(unknownCommand(COMMANDS, ['lm'])).to.match(/name a subcommand[\s\S]*lm train[\s\S]*lm score/);
    expect(unknownCommand(COMMANDS, ['zzzzzz'])).to.not.match(/did you mean/);
  });

  it('runs a command; --help wins over a missing required option; usage errors exit 2', async () => {
    const a = io();
    expect(await runCli(COMMANDS, ['lm', 'train', '--n', '3'], a.io)).to.equal(EXIT.ok);
    expect(ran).to.include('lm train 3');
    const b = io();
    expect(await runCli(COMMANDS, ['translate', '--help'], b.io)).to.equal(EXIT.ok);
    expect(b.out()).to.contain('--n N');
    const c = io();
    expect(await runCli(COMMANDS, ['translate'], c.io)).to.equal(EXIT.usage);
    expect(c.err()).to.contain('option --n is required');
  });
});
