/**
 * Ensembles in checkpoint files. A `kind: ensemble` checkpoint holds K seq2seq members that share their tokenizers:
 *
 *   config     = { members: [{ weight: w_k, config: <member k's Seq2SeqConfig>, step, epoch }, …] }   Σ w_k = 1
 *   tokenizers = the members' (identical) `source` and `target` tokenizers, stored once
 *   weights    = member k's weight `name` stored as `member<k>/name` (k from 1)
 *
 *   meta       = the members' language pair when they agree (`s2s serve` reads it), and where they came from
 *
 * so `s2s translate -m ensemble.s2s` is an ensemble, and `-m a.s2s -m b.s2s` with a or b an ensemble flattens to
 * their members with weights multiplied. Members must share both tokenizers: the translator encodes the source once
 * and the search combines target distributions token by token.
 */
import type { Checkpoint, StoredTensor } from '../io/index.js';
import { CheckpointError, ModelMismatchError } from '../errors.js';
import { normalizeEnsembleWeights } from '../decode/ensemble-step-model.js';
import { sameBytes } from '../util/same-bytes.js';
import { languageMeta, languagesOf } from '../io/language-codes.js';

/** A seq2seq checkpoint with its ensemble weight and where it came from (for messages). */
export interface WeightedCheckpoint {
  checkpoint: Checkpoint;
  weight: number;
  /** File name, or `FILE member k` for a member of an ensemble file. */
  source: string;
}

interface StoredMember {
  weight: number;
  config: Record<string, unknown>;
  step: number;
  epoch: number;
}

const prefix = (k: number): string => `member${k + 1}/`;

/** The seq2seq members a checkpoint stands for: itself (weight 1), or an ensemble's members. @throws CheckpointError */
export function membersOf(checkpoint: Checkpoint, source: string): WeightedCheckpoint[] {
  if (checkpoint.kind === 'seq2seq') return [{ checkpoint, weight: 1, source }];
  if (checkpoint.kind !== 'ensemble') {
    throw new CheckpointError(
      'E_CHECKPOINT_KIND',
      `checkpoint ${source} holds a ${checkpoint.kind} model, expected a seq2seq model or an ensemble of them: pass a translation model here`,
      { details: { source, kind: checkpoint.kind } },
    );
  }
  const members = checkpoint.config['members'];
  if (!Array.isArray(members) || members.length === 0)
    throw corrupt(source, 'config.members must be a non-empty array');
  return (members as unknown[]).map((raw, k) => {
    const m = raw as Partial<StoredMember> | null;
    if (!m || typeof m.weight !== 'number' || typeof m.config !== 'object' || m.config === null)
      throw corrupt(source, `config.members[${k}] needs a numeric weight and a config object`);
    const weights: StoredTensor[] = checkpoint.weights
      .filter((w) => w.name.startsWith(prefix(k)))
      .map((w) => ({ ...w, name: w.name.slice(prefix(k).length) }));
    if (weights.length === 0)
      throw corrupt(source, `no weights stored for member ${k + 1} (names starting with '${prefix(k)}')`);
    const member: Checkpoint = {
      kind: 'seq2seq',
      config: m.config,
      tokenizers: checkpoint.tokenizers,
      weights,
      step: m.step ?? 0,
      epoch: m.epoch ?? 0,
      meta: languageMeta('seq2seq', languagesOf(checkpoint)),
    };
    return { checkpoint: member, weight: m.weight, source: `${source} member ${k + 1}` };
  });
}

/**
 * Flattens files (each a seq2seq model or an ensemble) into members: member weight × file weight, normalised to sum
 * to 1; `fileWeights` default to equal.
 * @throws OptionError for bad weights; CheckpointError for a file of another kind;
 *   ModelMismatchError E_MISMATCH_TOKENIZER when the members' tokenizers differ
 */
export function flattenMembers(
  files: ReadonlyArray<{ checkpoint: Checkpoint; source: string }>,
  fileWeights?: readonly number[],
): WeightedCheckpoint[] {
  const perFile = normalizeEnsembleWeights(files.length, fileWeights);
  const members = files.flatMap((f, i) =>
    membersOf(f.checkpoint, f.source).map((m) => ({ ...m, weight: m.weight * perFile[i]! })),
  );
  const first = members[0]!;
  for (const m of members.slice(1)) {
    for (const role of ['source', 'target']) {
      const a = first.checkpoint.tokenizers[role];
      const b = m.checkpoint.tokenizers[role];
      if (!a || !b || a.kind !== b.kind || !sameBytes(a.bytes, b.bytes)) {
        throw new ModelMismatchError(
          'E_MISMATCH_TOKENIZER',
          `ensemble: ${m.source} has a different ${role} tokenizer from ${first.source}; ensemble members must share the source and target tokenizers (train them with the same --spm-model, or start one from the other with --init-from)`,
          { role, member: m.source, first: first.source },
        );
      }
    }
  }
  const total = members.reduce((sum, m) => sum + m.weight, 0);
  return members.map((m) => ({ ...m, weight: m.weight / total }));
}

/** One `kind: ensemble` checkpoint holding the members (layout in the file comment); inference only, no optimizer. */
export function ensembleCheckpoint(
  members: readonly WeightedCheckpoint[],
  meta: Record<string, unknown> = {},
): Checkpoint {
  const stored: StoredMember[] = members.map((m) => ({
    weight: m.weight,
    config: m.checkpoint.config,
    step: m.checkpoint.step,
    epoch: m.checkpoint.epoch,
  }));
  // the members' language pair (`s2s serve` reads it) when they agree on it
  const pairs = new Set(members.map((m) => JSON.stringify(languagesOf(m.checkpoint))));
  const languages = pairs.size === 1 ? languageMeta('seq2seq', languagesOf(members[0]!.checkpoint)) : {};
  return {
    kind: 'ensemble',
    config: { members: stored },
    tokenizers: members[0]!.checkpoint.tokenizers,
    weights: members.flatMap((m, k) => m.checkpoint.weights.map((w) => ({ ...w, name: prefix(k) + w.name }))),
    step: 0,
    epoch: 0,
    meta: {
      ...languages,
      ...meta,
      members: members.map((m) => ({
        source: m.source,
        weight: m.weight,
        step: m.checkpoint.step,
        meta: m.checkpoint.meta,
      })),
    },
  };
}

function corrupt(source: string, what: string): CheckpointError {
  return new CheckpointError(
    'E_CHECKPOINT_CORRUPT',
    `${source}: not a valid ensemble checkpoint: ${what}; rebuild it with \`s2s ensemble\``,
    { details: { source } },
  );
}
