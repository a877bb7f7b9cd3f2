/**
 * Ctrl-C during a tfjs batch (lib/models/interruptible-step-model.ts): the tfjs engine decodes a batch without leaving
 * the microtask queue, so a signal used to be handled only once the batch (seconds to minutes) had ended. Here the
 * signal comes from a timer — a macrotask, as a real signal is — 300 ms into a batch of long lines at beam 5 on the
 * shipped model: it must fire while that batch is still decoding, the run must exit 130, and the batch must stop at
 * its next step with E_CLOSED (the translator was closed) instead of running to its end.
 */
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { makeTranslateCommand, type Opener } from '../../scripts/commands/translate.js';
import { openTranslator } from '../../lib/models/open-translator.js';
import { runCli } from '../../scripts/cli/main.js';
import type { Command } from '../../scripts/cli/command.js';
import type { OptionsSpec } from '../../scripts/cli/args.js';
import type { Hypothesis } from '../../lib/decode/hypothesis.js';

const WORDS = 'in the beginning god created the heaven and the earth and darkness was upon the face of the deep'.split(
  ' ',
);
/** 8 lines of 40 words: one batch of several seconds at beam 5. */
const INPUT = Array.from({ length: 8 }, (_, i) =>
  Array.from({ length: 40 }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(' '),
).join('\n');

describe('s2s translate --engine tfjs: a signal during a batch', function () {
  this.timeout(120_000);

  it('is handled while the batch decodes, not after it: exit 130, the batch stops at its next step (E_CLOSED)', async () => {
    const signals = new EventEmitter();
    let firstBatch: Promise<Hypothesis[][]> | undefined;
    let settled = false;
    let firedDuringBatch: boolean | undefined;
    const opener: Opener = async (path, options) => {
      const opened = await openTranslator(path, options);
      const translateBatch = (sources: readonly (readonly number[])[]): Promise<Hypothesis[][]> => {
        const batch = opened.translator.translateBatch(sources);
        if (firstBatch === undefined) {
          firstBatch = batch;
          void batch.then(
            () => (settled = true),
            () => (settled = true),
          );
          setTimeout(() => {
            firedDuringBatch = !settled;
            signals.emit('SIGINT');
          }, 300);
        }
        return batch;
      };
      return { ...opened, translator: { translateBatch }, close: () => opened.close() };
    };
    const commands = [makeTranslateCommand(opener, signals)] as unknown as Command<OptionsSpec>[];
    const stderr = new PassThrough();
    let err = '';
    stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const argv = ['-m', 'fixtures/models/en-es.s2s', '--engine', 'tfjs', '--beam-size', '5', '--max-wait', '1'];
    const code = await runCli(commands, ['translate', ...argv, '--max-sentences', '8', '--max-tokens', '100000'], {
      stdin: Readable.from([Buffer.from(`${INPUT}\n`)]),
      stdout: new PassThrough(),
      stderr,
    });
    expect(code, err).to.equal(130);
    expect(firedDuringBatch, 'the signal was handled while the batch was decoding').to.equal(true);
    const outcome = await firstBatch!.then(
      () => 'finished',
      (e: unknown) => (e as { code?: string }).code,
    );
    expect(outcome, 'the batch stopped at its next step').to.equal('E_CLOSED');
  });
});
