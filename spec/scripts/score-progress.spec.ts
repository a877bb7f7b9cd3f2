/**
 * `s2s score` and `s2s lm score` show `s2s translate`'s progress: a live line redrawn in place when stderr is a
 * terminal, plain lines (the summary) when it is not or with `--no-progress`, nothing with `--quiet`. Run through
 * `runCli` in this process on the shipped models, with a stderr that says it is a terminal or not.
 */
import { expect } from 'chai';
import { PassThrough, Readable } from 'node:stream';
import { COMMANDS } from '../../scripts/commands/index.js';
import { runCli } from '../../scripts/cli/main.js';

const MODEL = 'fixtures/models/en-es.s2s';
const LM = 'fixtures/models/es-lm.s2s';
const ERASE_LINE = '\r\x1b[K';

/** Runs `argv` on `stdin` with a stderr whose `isTTY` is `tty`; returns the exit code and both streams. */
async function run(argv: string[], stdin: string, tty: boolean): Promise<{ code: number; out: string; err: string }> {
  const collect = (): { stream: PassThrough & { isTTY?: boolean }; text: () => string } => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    return { stream, text: () => Buffer.concat(chunks).toString() };
  };
  const out = collect();
  const err = collect();
  err.stream.isTTY = tty;
  const code = await runCli(COMMANDS, argv, {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout: out.stream,
    stderr: err.stream,
  });
  return { code, out: out.text(), err: err.text() };
}

const cases: Array<[string, string[], string]> = [
  ['score', ['score', '-m', MODEL, '--engine', 'tfjs'], 'In the beginning.\tEn el principio.\n'.repeat(3)],
  ['lm score', ['lm', 'score', '-m', LM, '--engine', 'tfjs'], 'En el principio.\n'.repeat(3)],
];

describe('s2s score and s2s lm score: progress as s2s translate shows it', function () {
  this.timeout(120_000);

  for (const [name, argv, input] of cases) {
    it(`${name}: a live line on a terminal, then the summary; plain lines elsewhere; nothing with --quiet`, async () => {
      const tty = await run(argv, input, true);
      expect(tty.code, tty.err).to.equal(0);
      expect(tty.out.trim().split('\n')).to.have.length(3);
      // the first result draws at once: "1 sentences  … tok/s", erased before the summary
      const drawn = tty.err.split(ERASE_LINE).slice(1); // each status drawn, then the erase before the summary
      const [status, summary] = [drawn[0], drawn.at(-1)];
      expect(status).to.match(/^1 sentences {2}\d+\.\d tok\/s/);
      expect(summary).to.match(/^lines: 3 {2}tokens: [1-9]\d* {2}time: .* {2}backend: tfjs\n/);

      const piped = await run(argv, input, false);
      expect(piped.err).to.not.contain(ERASE_LINE);
      expect(piped.err).to.match(/^lines: 3 {2}tokens: [1-9]\d* .*backend: tfjs$/m);
      expect(piped.out).to.equal(tty.out);

      const hidden = await run([...argv, '--no-progress'], input, true);
      expect(hidden.err).to.not.contain(ERASE_LINE);
      expect(hidden.err).to.match(/^lines: 3 /m);

      const quiet = await run(['-q', ...argv], input, true);
      expect(quiet.err).to.not.contain(ERASE_LINE);
      expect(quiet.err).to.not.match(/lines: |engine: /);
    });
  }
});
