/**
 * `s2s train --init-from FILE.s2s`: a new run that starts from another run's weights (fine-tuning, or continuing with
 * more data / new optimizer settings) instead of a random initialisation. The model config and the tokenizers come from
 * FILE, so the new run's models can be ensembled or averaged with FILE's; the optimizer starts fresh. Any seq2seq
 * checkpoint works, including a shipped float16 inference file. With `--resume` the run's own last.s2s wins.
 */
import { loadCheckpoint, type Checkpoint } from '../../lib/io/index.js';
import { tokenizerOf } from '../../lib/models/model-checkpoint.js';
import type { Tokenizer } from '../../lib/text/tokenizer.js';

export interface InitialModel {
  path: string;
  checkpoint: Checkpoint;
  tokenizers: { source: Tokenizer; target: Tokenizer };
}

/** Loads the checkpoint to start from. @throws CheckpointError (missing, corrupt, not a seq2seq model) */
export async function loadInitialModel(path: string): Promise<InitialModel> {
  const checkpoint = await loadCheckpoint(path, { expectKind: 'seq2seq' });
  return {
    path,
    checkpoint,
    tokenizers: {
      source: await tokenizerOf(checkpoint, 'source', path),
      target: await tokenizerOf(checkpoint, 'target', path),
    },
  };
}
