/**
 * Loads one or more translation model files as ensemble members: each file is a seq2seq checkpoint or an ensemble
 * checkpoint (flattened, see ensemble-checkpoint.ts); the members share one source and one target tokenizer.
 * `readMembers` reads the files (either engine builds its models from them); `loadMembers` builds tfjs models.
 */
import { loadCheckpoint } from '../io/index.js';
import type { Tokenizer } from '../text/tokenizer.js';
import { flattenMembers, type WeightedCheckpoint } from './ensemble-checkpoint.js';
import { seq2seqFromCheckpoint, tokenizerOf } from './checkpoint-model.js';
import type { Seq2Seq } from './seq2seq.js';

export interface ReadMembers {
  /** Weights normalised to sum to 1; one member of weight 1 for a single seq2seq file. */
  members: WeightedCheckpoint[];
  source: Tokenizer;
  target: Tokenizer;
}

/**
 * @param weights one relative weight per file (default equal)
 * @throws CheckpointError (missing, corrupt, not a translation model), ModelMismatchError (tokenizers differ),
 *   OptionError (`details.field` = `weights`)
 */
export async function readMembers(
  paths: string | readonly string[],
  weights?: readonly number[],
): Promise<ReadMembers> {
  const files = [];
  for (const path of typeof paths === 'string' ? [paths] : paths)
    files.push({ checkpoint: await loadCheckpoint(path), source: path });
  const members = flattenMembers(files, weights);
  const first = members[0]!;
  return {
    members,
    source: await tokenizerOf(first.checkpoint, 'source', first.source),
    target: await tokenizerOf(first.checkpoint, 'target', first.source),
  };
}

export interface LoadedMembers {
  members: Array<{ model: Seq2Seq; weight: number }>;
  source: Tokenizer;
  target: Tokenizer;
}

/** `readMembers`, then one tfjs `Seq2Seq` per member (all freed when one fails to build). */
export async function loadMembers(
  paths: string | readonly string[],
  weights?: readonly number[],
): Promise<LoadedMembers> {
  const read = await readMembers(paths, weights);
  const members: LoadedMembers['members'] = [];
  try {
    for (const m of read.members)
      members.push({ model: (await seq2seqFromCheckpoint(m.checkpoint, m.source)).model, weight: m.weight });
    return { members, source: read.source, target: read.target };
  } catch (err) {
    for (const m of members) m.model.dispose();
    throw err;
  }
}
