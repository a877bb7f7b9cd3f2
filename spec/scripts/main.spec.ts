import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { readFileSync } from 'node:fs';
import { findCommand, runCli, unknownCommand, EXIT } from '../../scripts/cli/main.js';
import { defineCommand, defineCommandMeta, lazyCommand, logStream, type Command } from '../../scripts/cli/command.js';
import type { OptionsSpec } from '../../scripts/cli/args.js';
import { S2SError } from '../../lib/errors.js';

const ran: string[] = [];
const make = (path: string[]): Command<OptionsSpec> =>
  defineCommand({
    path,
    summary: `does ${path.join(' ')}`,
    usage: '',
    options: { n: { type: 'number', required: true, description: 'a number' } },
    async run({ options }) {
      ran.push(`${path.join(' ')} ${options.n}`);
      return 0;
    },
  }) as unknown as Command<OptionsSpec>;
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

  it('arguments beyond what a command takes are a usage error naming them and the usage; the command does not run', async () => {
    const before = ran.length;
    const a = io();
    expect(await runCli(COMMANDS, ['lm', 'train', '--n', '1', 'in.txt'], a.io)).to.equal(EXIT.usage);
    expect(a.err()).to.match(
      /^s2s lm train: unexpected argument 'in.txt': this command takes no arguments \(usage: s2s lm train/,
    );
    const one = defineCommand({ ...make(['one']), maxPositionals: 1 }) as unknown as Command<OptionsSpec>;
    const b = io();
    expect(await runCli([one], ['one', '--n', '1', 'a.tsv', 'b.tsv', 'c.tsv'], b.io)).to.equal(EXIT.usage);
    expect(b.err()).to.match(/unexpected arguments 'b.tsv' 'c.tsv': this command takes at most 1 argument/);
    expect(ran).to.have.length(before);
    expect(await runCli([one], ['one', '--n', '2', 'a.tsv'], io().io)).to.equal(EXIT.ok);
    expect(ran.at(-1)).to.equal('one 2');
  });

  it("an error message that starts with the command's own name says it once (s2s average: …, not average: average:)", async () => {
    const failing = defineCommand({
      ...make(['average']),
      async run() {
        throw new S2SError('E_MISMATCH', 'average: b.s2s has a different model config from a.s2s');
      },
    }) as unknown as Command<OptionsSpec>;
    const a = io();
    expect(await runCli([failing], ['average', '--n', '1'], a.io)).to.equal(EXIT.failure);
    expect(a.err()).to.equal('s2s average: b.s2s has a different model config from a.s2s\n');
  });

  it('--version / -V print the package version; help <command> and <group> --help exit 0', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const a = io();
      expect(await runCli(COMMANDS, [flag], a.io)).to.equal(EXIT.ok);
      expect(a.out()).to.equal(`${version}\n`);
    }
    const b = io();
    expect(await runCli(COMMANDS, ['help', 'lm', 'score'], b.io)).to.equal(EXIT.ok);
    expect(b.out())
      .to.match(/^Usage: s2s lm score/)
      .and.contain('--n N');
    for (const argv of [
      ['lm', '--help'],
      ['help', 'lm'],
      ['--help', 'lm'],
    ]) {
      const c = io();
      expect(await runCli(COMMANDS, argv, c.io), argv.join(' ')).to.equal(EXIT.ok);
      expect(c.out()).to.match(/Usage: s2s lm <command>[\s\S]*lm train[\s\S]*lm score/);
    }
    const d = io();
    expect(await runCli(COMMANDS, ['lm'], d.io)).to.equal(EXIT.usage);
    expect(d.err()).to.contain('name a subcommand');
    const e = io();
    expect(await runCli(COMMANDS, ['help', 'translat'], e.io)).to.equal(EXIT.usage);
    expect(e.err()).to.match(/did you mean 's2s translate'/);
  });

  it('global options work before or after the command; a non-global option before it is refused with a hint', async () => {
    const seen: Array<{ backend: string | undefined; quiet: boolean }> = [];
    const probe = defineCommand({
      path: ['probe'],
      summary: 'records globals',
      usage: '',
      options: { n: { type: 'number', default: 1, description: 'n' } },
      async run({ options }, cliIo) {
        seen.push({ backend: options.backend, quiet: options.quiet });
        logStream(cliIo).write('progress line\n');
        return 0;
      },
    });
    const a = io();
    expect(await runCli([probe], ['--backend', 'cpu', '-q', 'probe', '--n', '2'], a.io)).to.equal(EXIT.ok);
    const b = io();
    expect(await runCli([probe], ['probe', '--backend=cpu', '--quiet'], b.io)).to.equal(EXIT.ok);
    const c = io();
    expect(await runCli([probe], ['probe'], c.io)).to.equal(EXIT.ok);
    expect(seen).to.deep.equal([
      { backend: 'cpu', quiet: true },
      { backend: 'cpu', quiet: true },
      { backend: undefined, quiet: false },
    ]);
    expect(a.err() + b.err()).to.equal(''); // --quiet silenced the informational line
    expect(c.err()).to.equal('progress line\n');
    const d = io();
    expect(await runCli([probe], ['--n', '2', 'probe'], d.io)).to.equal(EXIT.usage);
    expect(d.err()).to.match(/--n is not a global option.*after its name/);
    const e = io();
    expect(await runCli([probe], ['--backnd', 'cpu', 'probe'], e.io)).to.equal(EXIT.usage);
    expect(e.err()).to.contain('did you mean --backend?');
  });

  it('shows --backend only for commands that compute with tensors, and placeholders for values', async () => {
    const options = {
      model: { type: 'string', placeholder: 'FILE', description: 'model' },
      cell: { type: 'string', choices: ['lstm', 'gru'], description: 'cell' },
      k: { type: 'number', description: 'k' },
    } as const;
    const plain = defineCommand({
      path: ['plain'],
      summary: 's',
      usage: '',
      options,
      async run() {
        return 0;
      },
    });
    const tensor = defineCommand({ ...plain, path: ['tensor'], tensors: true });
    const a = io();
    await runCli([plain, tensor], ['plain', '--help'], a.io);
    expect(a.out())
      .to.contain('--model FILE')
      .and.contain('--cell CELL')
      .and.contain('--k N')
      .and.contain('--quiet')
      .and.not.contain('--backend');
    const b = io();
    await runCli([plain, tensor], ['help', 'tensor'], b.io);
    expect(b.out()).to.contain('--backend NAME');
  });

  it('a lazy command is imported only to run, never for help', async () => {
    let loads = 0;
    const meta = defineCommandMeta({
      path: ['lazy'],
      summary: 'lazy',
      usage: '',
      options: { n: { type: 'number', required: true, description: 'n' } },
    });
    const entry = lazyCommand(meta, async () => {
      loads++;
      return defineCommand({
        ...meta,
        async run({ options }) {
          ran.push(`lazy ${options.n}`);
          return 0;
        },
      });
    });
    const a = io();
    expect(await runCli([entry], ['lazy', '--help'], a.io)).to.equal(EXIT.ok);
    expect(await runCli([entry], ['--help'], io().io)).to.equal(EXIT.ok);
    expect(loads).to.equal(0);
    expect(await runCli([entry], ['lazy', '--n', '4'], io().io)).to.equal(EXIT.ok);
    expect(loads).to.equal(1);
    expect(ran).to.include('lazy 4');
  });
});
