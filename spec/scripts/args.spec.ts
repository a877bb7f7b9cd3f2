import { expect } from 'chai';
import { parseArgs, renderHelp, editDistance } from '../../scripts/cli/args.js';
import { OptionError } from '../../lib/errors.js';

const spec = {
  model: { type: 'string', alias: 'm', description: 'model file', required: true },
  'beam-size': { type: 'number', default: 5, description: 'beam width' },
  verbose: { type: 'boolean', description: 'talk more' },
  input: { type: 'strings', description: 'input file' },
  format: { type: 'string', choices: ['text', 'json'], default: 'text', description: 'output format' },
  'max-sentences': { type: 'number', default: 64, description: 'sentences per batch' },
} as const;

describe('scripts/cli/args parseArgs', () => {
  const table: Array<[string, string[], Record<string, unknown>, string[]]> = [
    ['defaults', ['--model', 'a'], { model: 'a', 'beam-size': 5, verbose: false, input: [], format: 'text' }, []],
    ['inline value and alias', ['-m', 'b', '--beam-size=3'], { model: 'b', 'beam-size': 3 }, []],
    ['flag and negation', ['--model', 'a', '--verbose', '--no-verbose'], { verbose: false }, []],
    ['repeatable', ['--model', 'a', '--input', 'x', '--input', 'y'], { input: ['x', 'y'] }, []],
    ['positionals and --', ['--model', 'a', 'f1', '--', '--not-an-option'], {}, ['f1', '--not-an-option']],
    ['stdin dash is positional', ['--model', 'a', '-'], {}, ['-']],
    ['decimal numbers: negative, fraction, exponent', ['-m', 'a', '--beam-size', '-1'], { 'beam-size': -1 }, []],
    ['a number in exponent notation', ['-m', 'a', '--beam-size=2.5e1'], { 'beam-size': 25 }, []],
    [
      'a value starting with -- given inline',
      ['--model=--odd', '--beam-size', '.5'],
      { model: '--odd', 'beam-size': 0.5 },
      [],
    ],
  ];
  for (const [name, argv, expected, positionals] of table) {
    it(name, () => {
      const parsed = parseArgs(spec, argv);
      for (const [k, v] of Object.entries(expected))
        expect((parsed.options as Record<string, unknown>)[k], k).to.deep.equal(v);
      expect(parsed.positionals).to.deep.equal(positionals);
    });
  }

  const errors: Array<[string, string[], string, RegExp]> = [
    [
      'unknown option suggests the closest',
      ['--model', 'a', '--beam-sise', '2'],
      'E_OPTION_UNKNOWN',
      /did you mean --beam-size/,
    ],
    [
      'an abbreviation suggests the option it starts',
      ['--model', 'a', '--beam', '2'],
      'E_OPTION_UNKNOWN',
      /did you mean --beam-size/,
    ],
    [
      "another toolkit's name for an option suggests ours",
      ['--model', 'a', '--batch-size', '0'],
      'E_OPTION_UNKNOWN',
      /unknown option --batch-size; did you mean --max-sentences\?/,
    ],
    ['missing required', [], 'E_OPTION_MISSING', /--model is required/],
    ['missing value', ['--model'], 'E_OPTION_MISSING', /needs a value/],
    ['bad number', ['--model', 'a', '--beam-size', 'five'], 'E_OPTION_INVALID', /expects a number, got 'five'/],
    ['bad choice', ['--model', 'a', '--format', 'xml'], 'E_OPTION_INVALID', /one of text, json, got 'xml'/],
    ['hexadecimal is not a decimal number', ['-m', 'a', '--beam-size', '0x10'], 'E_OPTION_INVALID', /got '0x10'/],
    ['binary is not a decimal number', ['-m', 'a', '--beam-size', '0b11'], 'E_OPTION_INVALID', /got '0b11'/],
    ['spaces around a number', ['-m', 'a', '--beam-size', ' 5 '], 'E_OPTION_INVALID', /got ' 5 '/],
    ['an empty number', ['-m', 'a', '--beam-size='], 'E_OPTION_INVALID', /got ''/],
    [
      'an empty string (`--model=`, an unset shell variable)',
      ['--model='],
      'E_OPTION_MISSING',
      /--model needs a value, got an empty one/,
    ],
    [
      'an empty repeated value',
      ['-m', 'a', '--input', ''],
      'E_OPTION_MISSING',
      /--input needs a value, got an empty one/,
    ],
    [
      'the next option taken as a forgotten value',
      ['--model', '--beam-size', '3'],
      'E_OPTION_MISSING',
      /--model needs a value, got the option --beam-size.*--model=--beam-size/,
    ],
  ];
  for (const [name, argv, code, message] of errors) {
    it(`rejects: ${name}`, () => {
      expect(() => parseArgs(spec, argv))
        .to.throw(OptionError, message)
        .with.property('code', code);
    });
  }

  it('renders help with every option, default and choice; --backend only for a tensor command', () => {
    const help = renderHelp('s2s x', 'does x', spec, undefined, true);
    for (const fragment of [
      '--model',
      '-m, --model',
      'default: 5',
      'one of: text|json',
      'repeatable',
      '--backend NAME',
      '--help',
      '--quiet',
    ])
      expect(help).to.contain(fragment);
    expect(renderHelp('s2s x', 'does x', spec)).to.not.contain('--backend');
  });

  it('help is wrapped to 100 columns; a flag wider than its column never runs into its description', () => {
    const wide = {
      'length-penalty': {
        type: 'string',
        choices: ['none', 'avg', 'wu'],
        description: `length normalisation ${'of finished hypotheses '.repeat(8)}end`,
      },
      k: { type: 'number', description: 'k' },
    } as const;
    const lines = renderHelp('s2s x', 'does x', wide).split('\n');
    for (const line of lines) expect(line.length, line).to.be.at.most(100);
    const flag = lines.findIndex((l) => l.includes('--length-penalty'));
    expect(lines[flag]!.trim()).to.equal('--length-penalty LENGTH-PENALTY');
    expect(lines[flag + 1]).to.match(/^ {20,}length normalisation of/);
    const text = lines
      .slice(
        flag + 1,
        lines.findIndex((l) => l.includes('--k N')),
      )
      .map((l) => l.trim());
    expect(text.join(' ')).to.equal(`${wide['length-penalty'].description} (one of: none|avg|wu)`);
    expect(lines.find((l) => l.includes('--k N'))).to.match(/--k N +k$/);
  });

  it('editDistance is the Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).to.equal(3);
    expect(editDistance('', 'abc')).to.equal(3);
    expect(editDistance('same', 'same')).to.equal(0);
  });
});
