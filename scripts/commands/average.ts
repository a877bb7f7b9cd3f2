/**
 * `s2s average --out avg.s2s a.s2s b.s2s …`: checkpoint averaging (formula in lib/train/average-checkpoints.ts) of
 * checkpoints of one run, e.g. the `step-N.s2s` files kept by `s2s train --keep-checkpoints N`.
 */
import { defineCommand } from '../cli/command.js';
import { averageMeta } from './average.meta.js';
import { OptionError } from '../../lib/errors.js';
import { loadCheckpoint, saveCheckpoint } from '../../lib/io/index.js';
import { averageCheckpoints } from '../../lib/train/average-checkpoints.js';

export const averageCommand = defineCommand({
  ...averageMeta,
  async run(args, io) {
    if (args.positionals.length === 0)
      throw new OptionError(
        'E_OPTION_MISSING',
        'average: give the checkpoints to average after the options, e.g. runs/en-es/step-*.s2s',
      );
    const inputs = [];
    for (const source of args.positionals) inputs.push({ checkpoint: await loadCheckpoint(source), source });
    const averaged = averageCheckpoints(inputs);
    await saveCheckpoint(args.options.out, {
      ...averaged,
      weightStorage: args.options.float16 ? 'float16' : 'float32',
    });
    io.stderr.write(
      `${args.options.out}: average of ${inputs.length} ${averaged.kind} checkpoints (steps ${inputs.map((c) => c.checkpoint.step).join(', ')})\n`,
    );
    return 0;
  },
});
