/** `--resume`: the run's last.s2s, or an error that says to drop --resume when there is none yet. */
import { join } from 'node:path';
import { loadCheckpoint, type Checkpoint, type CheckpointKind } from '../../lib/io/index.js';
import { LAST_CHECKPOINT_FILE } from '../../lib/train/trainer.js';
import { CheckpointError, OptionError } from '../../lib/errors.js';

export async function loadResumeCheckpoint(
  outDir: string,
  kind: CheckpointKind,
): Promise<{ path: string; checkpoint: Checkpoint }> {
  const path = join(outDir, LAST_CHECKPOINT_FILE);
  try {
    return { path, checkpoint: await loadCheckpoint(path, { expectKind: kind }) };
  } catch (err) {
    if (err instanceof CheckpointError && err.code === 'E_CHECKPOINT_MISSING')
      throw new OptionError(
        'E_OPTION_INVALID',
        `--resume: there is no ${path} to resume from yet; run the same command without --resume first`,
      );
    throw err;
  }
}
