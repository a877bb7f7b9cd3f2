/**
 * The CLI's side of configuration: flags map to library fields, flag defaults are the library's defaults, and the CLI
 * alone words errors by flag (the library's by field).
 */
import { expect } from 'chai';
import { parseArgs } from '../../scripts/cli/args.js';
import { DECODE_CLI_OPTIONS, decodeOptionsFrom } from '../../scripts/cli/decode-options.js';
import { TRAINER_CLI_OPTIONS, trainerOptionsFrom } from '../../scripts/train/trainer-cli-options.js';
import { seq2seqConfigFrom, SEQ2SEQ_CLI_OPTIONS } from '../../scripts/train/model-cli-options.js';
import { DEFAULTS } from '../../lib/decode/options.js';
import { TRAINER_DEFAULTS } from '../../lib/train/trainer-options.js';
import { resolveSeq2SeqConfig } from '../../lib/models/seq2seq-config.js';
import { OptionError } from '../../lib/errors.js';

function errorOf(run: () => unknown): OptionError {
  try {
    run();
  } catch (e) {
    expect(e).to.be.instanceOf(OptionError);
    return e as OptionError;
  }
  throw new Error('expected an OptionError');
}

describe('scripts/cli flags ↔ library fields', () => {
  it('decode flags: no flags give the library DEFAULTS; kebab-case flags set their fields', () => {
    expect(decodeOptionsFrom(parseArgs(DECODE_CLI_OPTIONS, []).options)).to.deep.equal({ ...DEFAULTS });
    const o = decodeOptionsFrom(
      parseArgs(DECODE_CLI_OPTIONS, ['--beam-size', '1', '--sampling', '--top-p', '0.9', '--no-repeat-ngram-size', '3'])
        .options,
    );
    expect(o).to.deep.equal({ ...DEFAULTS, beamSize: 1, sampling: true, topP: 0.9, noRepeatNgramSize: 3 });
  });

  const decodeErrors: Array<[string[], string]> = [
    [['--beam-size', '0'], '--beam-size must be an integer from 1 to 1024 (memory grows with it), got 0'],
    [['--beam-size', '3', '--n-best', '4'], '--n-best must be an integer in [1, 3] (at most the beam size), got 4'],
    [['--sampling'], '--beam-size must be 1 when sampling (sampling draws one hypothesis per sentence), got 5'],
    [['--top-p', '1.5'], '--top-p must be a number in (0, 1] (1 = no nucleus limit), got 1.5'],
  ];
  for (const [argv, message] of decodeErrors) {
    it(`decode flags: ${argv.join(' ')} → "${message}"`, () => {
      const e = errorOf(() => decodeOptionsFrom(parseArgs(DECODE_CLI_OPTIONS, argv).options));
      expect(e.message).to.equal(message);
      expect(e.details['option']).to.equal(message.split(' ')[0]);
    });
  }

  it('trainer flags: defaults are TRAINER_DEFAULTS; errors name the flag (--lr for learningRate)', () => {
    const o = trainerOptionsFrom(parseArgs(TRAINER_CLI_OPTIONS, ['--out', 'runs/x']).options, 'seq2seq');
    expect(o).to.deep.equal({ ...TRAINER_DEFAULTS, outDir: 'runs/x' });
    const e = errorOf(() =>
      trainerOptionsFrom(parseArgs(TRAINER_CLI_OPTIONS, ['--out', 'd', '--lr', '0']).options, 'seq2seq'),
    );
    expect(e.message).to.equal('--lr must be > 0, got 0');
    expect(e.details['field']).to.equal('learningRate');
  });

  it('model flags: `s2s train` without model flags builds the library default model', () => {
    const vocab = { sourceVocab: 100, targetVocab: 120 };
    expect(seq2seqConfigFrom(parseArgs(SEQ2SEQ_CLI_OPTIONS, []).options, vocab)).to.deep.equal(
      resolveSeq2SeqConfig(vocab),
    );
    const e = errorOf(() => seq2seqConfigFrom(parseArgs(SEQ2SEQ_CLI_OPTIONS, ['--hidden-size', '255']).options, vocab));
    expect(e.message).to.equal(
      '--hidden-size must be even with a bidirectional encoder (it is split over two directions), got 255',
    );
  });
});
