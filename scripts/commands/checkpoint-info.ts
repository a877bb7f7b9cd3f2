/** `s2s checkpoint info FILE`: what a checkpoint holds (kind, format version, config, tokenizers, size, training state, meta). */
import { stat } from 'node:fs/promises';
import { defineCommand } from '../cli/command.js';
import { checkpointInfoMeta } from './checkpoint-info.meta.js';
import { loadCheckpoint } from '../../lib/io/checkpoint-file.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint } from '../../lib/io/checkpoint-types.js';
import { parameterCount } from '../../lib/io/tensor-weights.js';
import { OptionError } from '../../lib/errors.js';

/** The human-readable report; pure, for tests. */
export function describeCheckpoint(path: string, fileBytes: number, c: Checkpoint): string {
  const indent = (value: unknown): string => JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
  const tokenizers = Object.entries(c.tokenizers).map(
    ([role, t]) => `${role}: ${t.kind} (${t.bytes.byteLength} bytes)`,
  );
  const params = parameterCount(c.weights);
  const lines = [
    `file:        ${path} (${fileBytes} bytes)`,
    `format:      ${CHECKPOINT_FORMAT} version ${CHECKPOINT_VERSION}`,
    `kind:        ${c.kind}`,
    `config:      ${indent(c.config)}`,
    `tokenizers:  ${tokenizers.length ? tokenizers.join(', ') : 'none'}`,
    `parameters:  ${params.toLocaleString('en-US')} in ${c.weights.length} tensor${c.weights.length === 1 ? '' : 's'} (stored as ${c.weightStorage ?? 'float32'})`,
    `optimizer:   ${c.optimizer ? `${c.optimizer.name} ${JSON.stringify(c.optimizer.hyperparameters)}, ${c.optimizer.state.length} state tensors` : 'none'}`,
    `step:        ${c.step}`,
    `epoch:       ${c.epoch}`,
    `best dev:    ${c.bestDevScore ?? 'none'}`,
    `rng state:   ${c.rng ? c.rng.join(' ') : 'none'}`,
    `meta:        ${indent(c.meta)}`,
  ];
  return `${lines.join('\n')}\n`;
}

export const checkpointInfoCommand = defineCommand({
  ...checkpointInfoMeta,
  async run(args, io) {
    const path = args.positionals[0];
    if (path === undefined || args.positionals.length > 1) {
      throw new OptionError(
        'E_OPTION_INVALID',
        `expected exactly one checkpoint FILE, got ${args.positionals.length}: s2s checkpoint info FILE`,
        { positionals: args.positionals },
      );
    }
    const checkpoint = await loadCheckpoint(path);
    const size = (await stat(path)).size;
    if (args.options.json) {
      const { weights, tokenizers, optimizer, ...rest } = checkpoint;
      io.stdout.write(
        `${JSON.stringify(
          {
            file: path,
            bytes: size,
            format: CHECKPOINT_FORMAT,
            version: CHECKPOINT_VERSION,
            ...rest,
            tokenizers: Object.fromEntries(
              Object.entries(tokenizers).map(([role, t]) => [role, { kind: t.kind, bytes: t.bytes.byteLength }]),
            ),
            parameters: parameterCount(weights),
            tensors: weights.map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype })),
            optimizer: optimizer
              ? {
                  name: optimizer.name,
                  hyperparameters: optimizer.hyperparameters,
                  stateTensors: optimizer.state.length,
                }
              : null,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      io.stdout.write(describeCheckpoint(path, size, checkpoint));
    }
    return 0;
  },
});
