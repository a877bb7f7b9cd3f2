/**
 * Runs `s2s translate` through `runCli` in this process with an injected model opener (a reversing fake: no tensors),
 * for fast tests of options, formats and file handling. Returns the exit code, both streams and whether the model
 * was opened (usage errors must be found before it is).
 */
import { PassThrough, Readable } from 'node:stream';
import { makeTranslateCommand, type Opener } from '../../scripts/commands/translate.js';
import { runCli } from '../../scripts/cli/main.js';
import type { Command } from '../../scripts/cli/command.js';
import type { OptionsSpec } from '../../scripts/cli/args.js';
import type { BatchTranslator } from '../../lib/decode/hypothesis.js';
import { charTokenizer, ReverseTranslator } from '../pipelines/fakes.js';
import type { SignalSource } from '../../scripts/translate/interrupt.js';

export interface InProcessRun {
  code: number;
  out: Buffer;
  err: string;
  opened: boolean;
}

export async function translateInProcess(
  argv: string[],
  stdin: string | Buffer = '',
  translator: BatchTranslator = new ReverseTranslator(),
  signals?: SignalSource,
): Promise<InProcessRun> {
  let opened = false;
  const opener: Opener = async () => (
    (opened = true),
    { translator, sourceTokenizer: charTokenizer, targetTokenizer: charTokenizer, backend: 'fake' }
  );
  const sink = (): { stream: PassThrough; bytes: () => Buffer } => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    return { stream, bytes: () => Buffer.concat(chunks) };
  };
  const out = sink();
  const err = sink();
  const commands = [makeTranslateCommand(opener, signals)] as unknown as Command<OptionsSpec>[];
  const input = Readable.from([typeof stdin === 'string' ? Buffer.from(stdin) : stdin]);
  const code = await runCli(commands, ['translate', '-m', 'model.s2s', '--max-wait', '1', ...argv], {
    stdin: input,
    stdout: out.stream,
    stderr: err.stream,
  });
  return { code, out: out.bytes(), err: err.bytes().toString(), opened };
}
