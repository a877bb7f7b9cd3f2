/** `s2s data synth reverse|copy|dates`: writes a synthetic parallel TSV (header `src<TAB>tgt`). */
import { writeFile } from 'node:fs/promises';
import { defineCommand } from '../cli/command.js';
import { withFlagErrors } from '../cli/flag-errors.js';
import { synthesize, pairsToTsv, SYNTHETIC_TASKS, type SyntheticTask } from '../../lib/data/synthetic.js';
import { OptionError } from '../../lib/errors.js';

export const dataSynthCommand = defineCommand({
  path: ['data', 'synth'],
  summary: 'generate a synthetic task (reverse, copy, dates) as a TSV with header src<TAB>tgt',
  usage: 'reverse|copy|dates --n N --seed S --out FILE.tsv',
  details: 'Example: s2s data synth reverse --n 20000 --seed 1 --out reverse.train.tsv',
  options: {
    n: { type: 'number', required: true, description: 'number of pairs' },
    seed: { type: 'number', default: 1, description: 'random seed' },
    out: { type: 'string', alias: 'o', description: 'output file (default: stdout)' },
    symbols: { type: 'number', default: 20, description: 'reverse/copy: alphabet size' },
    'min-length': { type: 'number', default: 3, description: 'reverse/copy: shortest sequence' },
    'max-length': { type: 'number', default: 12, description: 'reverse/copy: longest sequence' },
  },
  async run({ options, positionals }, io) {
    const task = positionals[0];
    if (!task || !(SYNTHETIC_TASKS as readonly string[]).includes(task)) {
      throw new OptionError('E_OPTION_MISSING', `name the task: s2s data synth ${SYNTHETIC_TASKS.join('|')} --n N (got ${task ? `'${task}'` : 'none'})`);
    }
    const flags = { n: '--n', symbols: '--symbols', minLength: '--min-length', maxLength: '--max-length' };
    const tsv = pairsToTsv(withFlagErrors(flags, () => synthesize(task as SyntheticTask, { n: options.n, seed: options.seed, symbols: options.symbols, minLength: options['min-length'], maxLength: options['max-length'] })));
    if (options.out) await writeFile(options.out, tsv);
    else io.stdout.write(tsv);
    return 0;
  },
});
