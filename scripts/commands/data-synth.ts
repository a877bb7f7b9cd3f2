/** `s2s data synth reverse|copy|dates`: writes a synthetic parallel TSV (header `src<TAB>tgt`). */
import { writeFile } from 'node:fs/promises';
import { defineCommand } from '../cli/command.js';
import { dataSynthMeta } from './data-synth.meta.js';
import { withFlagErrors } from '../cli/flag-errors.js';
import { synthesize, pairsToTsv, SYNTHETIC_TASKS, type SyntheticTask } from '../../lib/data/synthetic.js';
import { OptionError } from '../../lib/errors.js';
import { checkBounded } from '../../lib/util/bounds.js';
import { fileError } from '../../lib/io/file-errors.js';

export const dataSynthCommand = defineCommand({
  ...dataSynthMeta,
  async run({ options, positionals }, io) {
    const task = positionals[0];
    if (!task || !(SYNTHETIC_TASKS as readonly string[]).includes(task)) {
      throw new OptionError(
        'E_OPTION_MISSING',
        `name the task: s2s data synth ${SYNTHETIC_TASKS.join('|')} --n N (got ${task ? `'${task}'` : 'none'})`,
      );
    }
    // The pairs are built in memory before they are written: bounded, not an "Invalid array length" crash.
    if (Number.isInteger(options.n) && options.n > 0)
      checkBounded('--n', options.n, { min: 1, max: 10_000_000, reason: 'pairs built in memory' });
    const flags = { n: '--n', symbols: '--symbols', minLength: '--min-length', maxLength: '--max-length' };
    const tsv = pairsToTsv(
      withFlagErrors(flags, () =>
        synthesize(task as SyntheticTask, {
          n: options.n,
          seed: options.seed,
          symbols: options.symbols,
          minLength: options['min-length'],
          maxLength: options['max-length'],
        }),
      ),
    );
    if (options.out)
      await writeFile(options.out, tsv).catch((err: unknown) => Promise.reject(fileError(err, options.out!, 'write')));
    else io.stdout.write(tsv);
    return 0;
  },
});
