/** Runs a training task from a CLI command: progress on stderr, optional resume, checkpoints with config + tokenizers. */
import { join } from 'node:path';
import { logStream, type CliIO } from '../cli/command.js';
import type { TrainingTask } from '../../lib/train/training-task.js';
import type { TrainerOptions } from '../../lib/train/trainer-options.js';
import { Trainer, BEST_CHECKPOINT_FILE, type CheckpointContent } from '../../lib/train/trainer.js';
import { TrainingProgress } from '../../lib/train/progress.js';
import { StatusLine } from '../terminal/status-line.js';
import type { TrainingResult } from '../../lib/train/observer.js';
import { perplexity } from '../../lib/eval/perplexity.js';

export async function runTraining<Batch>(
  task: TrainingTask<Batch>,
  options: Partial<TrainerOptions> & { outDir: string | null },
  content: CheckpointContent,
  io: CliIO,
  resumeFrom?: string,
): Promise<TrainingResult> {
  const trainer = new Trainer(task, options, {
    observers: [new TrainingProgress({ sink: StatusLine.for(logStream(io)) })],
    checkpointContent: () => content,
  });
  try {
    if (resumeFrom) await trainer.resume(resumeFrom);
    const result = await trainer.train();
    const best =
      result.bestDevLoss === null
        ? 'n/a'
        : `${result.bestDevLoss.toFixed(4)} (ppl ${perplexity(result.bestDevLoss).toFixed(2)})`;
    logStream(io).write(
      `done: ${result.stopReason} after ${result.steps} steps, best dev loss ${best}; model: ${join(options.outDir ?? '.', BEST_CHECKPOINT_FILE)}\n`,
    );
    return result;
  } finally {
    trainer.dispose();
  }
}
