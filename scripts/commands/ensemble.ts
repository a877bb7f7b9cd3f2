/**
 * `s2s ensemble --out ens.s2s a.s2s b.s2s … [--weights 0.6,0.4]`: one file holding several translation models and
 * their weights (format in lib/models/ensemble-checkpoint.ts), so `s2s translate -m ens.s2s` decodes with the
 * ensemble. The members must share the source and target tokenizers.
 */
import { defineCommand } from '../cli/command.js';
import { ensembleMeta } from './ensemble.meta.js';
import { OptionError } from '../../lib/errors.js';
import { parseWeights } from '../cli/weights.js';
import { withFlagErrors } from '../cli/flag-errors.js';
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from '../../lib/io/index.js';
import { ensembleCheckpoint, flattenMembers } from '../../lib/models/ensemble-checkpoint.js';

export const ensembleCommand = defineCommand({
  ...ensembleMeta,
  async run(args, io) {
    if (args.positionals.length < 2)
      throw new OptionError(
        'E_OPTION_MISSING',
        `ensemble: give two or more model files after the options, got ${args.positionals.length}`,
      );
    const weights =
      args.options.weights === undefined ? undefined : parseWeights(args.options.weights, args.positionals.length);
    const files: Array<{ checkpoint: Checkpoint; source: string }> = [];
    for (const source of args.positionals) files.push({ checkpoint: await loadCheckpoint(source), source });
    const members = withFlagErrors({ weights: '--weights' }, () => flattenMembers(files, weights));
    await saveCheckpoint(args.options.out, {
      ...ensembleCheckpoint(members),
      weightStorage: args.options.float16 ? 'float16' : 'float32',
    });
    io.stderr.write(
      `${args.options.out}: ensemble of ${members.length} models (weights ${members.map((m) => Number(m.weight.toPrecision(4))).join(', ')})\n`,
    );
    return 0;
  },
});
