/**
 * Checkpoint averaging (as in Marian's and fairseq's average_checkpoints): the parameters of K checkpoints of one run
 * (e.g. the last K kept by `s2s train --keep-checkpoints K`) are averaged tensor by tensor,
 *
 *   θ̄ = (1/K) Σ_k θ_k
 *
 * accumulated in float64 and rounded to float32 once, so averaging copies of one checkpoint gives it back bit for bit.
 * The checkpoints must be the same kind of model with the same config, tokenizers and weight names and shapes. The
 * result is an inference checkpoint (no optimizer state) at the newest step, with the sources in `meta.averagedFrom`.
 */
import type { Checkpoint, StoredTensor } from '../io/index.js';
import { ModelMismatchError, OptionError } from '../errors.js';
import { sameBytes } from '../util/same-bytes.js';

export interface SourcedCheckpoint {
  checkpoint: Checkpoint;
  /** File name, for messages and `meta.averagedFrom`. */
  source: string;
}

/**
 * The average of the checkpoints' weights (formula in the file comment).
 * @throws OptionError when there are none; ModelMismatchError (E_MISMATCH_KIND / _CONFIG / _TOKENIZER / _WEIGHTS)
 *   naming the first checkpoint that differs from the first one and how
 */
export function averageCheckpoints(inputs: readonly SourcedCheckpoint[]): Checkpoint {
  if (inputs.length === 0)
    throw new OptionError('E_OPTION_MISSING', 'average: give at least one checkpoint to average');
  const first = inputs[0]!;
  for (const other of inputs.slice(1)) checkSameModel(first, other);
  const newest = inputs.reduce((a, b) => (b.checkpoint.step > a.checkpoint.step ? b : a));
  const weights = first.checkpoint.weights.map((w, i) =>
    averageTensor(
      inputs.map((c) => c.checkpoint.weights[i]!),
      w,
    ),
  );
  return {
    kind: first.checkpoint.kind,
    config: first.checkpoint.config,
    tokenizers: first.checkpoint.tokenizers,
    weights,
    step: newest.checkpoint.step,
    epoch: newest.checkpoint.epoch,
    bestDevScore: null,
    meta: {
      ...newest.checkpoint.meta,
      averagedFrom: inputs.map((c) => ({ source: c.source, step: c.checkpoint.step })),
    },
  };
}

/** Same kind, config, tokenizers, and weights with the same names, order, shapes and dtypes. */
function checkSameModel(a: SourcedCheckpoint, b: SourcedCheckpoint): void {
  const fix = 'average checkpoints of one training run (same command, same tokenizer)';
  if (a.checkpoint.kind !== b.checkpoint.kind) {
    throw new ModelMismatchError(
      'E_MISMATCH_KIND',
      `average: ${b.source} holds a ${b.checkpoint.kind} model, ${a.source} a ${a.checkpoint.kind} model; ${fix}`,
      { source: b.source, kind: b.checkpoint.kind, expected: a.checkpoint.kind },
    );
  }
  const configA = JSON.stringify(a.checkpoint.config);
  const configB = JSON.stringify(b.checkpoint.config);
  if (configA !== configB) {
    throw new ModelMismatchError(
      'E_MISMATCH_CONFIG',
      `average: ${b.source} has a different model config from ${a.source} (${configDifference(a.checkpoint.config, b.checkpoint.config)}); ${fix}`,
      { source: b.source },
    );
  }
  for (const role of new Set([...Object.keys(a.checkpoint.tokenizers), ...Object.keys(b.checkpoint.tokenizers)])) {
    const ta = a.checkpoint.tokenizers[role];
    const tb = b.checkpoint.tokenizers[role];
    if (!ta || !tb || ta.kind !== tb.kind || !sameBytes(ta.bytes, tb.bytes)) {
      throw new ModelMismatchError(
        'E_MISMATCH_TOKENIZER',
        `average: ${b.source} has a different ${role} tokenizer from ${a.source}; ${fix}`,
        { source: b.source, role },
      );
    }
  }
  const wa = a.checkpoint.weights;
  const wb = b.checkpoint.weights;
  const at = wa.findIndex(
    (w, i) => !wb[i] || wb[i]!.name !== w.name || wb[i]!.dtype !== w.dtype || wb[i]!.shape.join() !== w.shape.join(),
  );
  if (at >= 0 || wa.length !== wb.length) {
    const w = wa[at] ?? wb[wa.length]!;
    throw new ModelMismatchError(
      'E_MISMATCH_WEIGHTS',
      `average: weight ${at + 1} ('${w.name}') of ${a.source} has no match of the same name, shape and type in ${b.source}; ${fix}`,
      { source: b.source, weight: w.name },
    );
  }
}

/** The config fields whose values differ, for the message. */
function configDifference(a: Record<string, unknown>, b: Record<string, unknown>): string {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
  return keys.map((k) => `${k}: ${JSON.stringify(a[k])} vs ${JSON.stringify(b[k])}`).join(', ');
}

/** Element-wise mean of K same-shaped tensors; int32 tensors (counters, not parameters) must be equal and are kept. */
function averageTensor(tensors: readonly StoredTensor[], first: StoredTensor): StoredTensor {
  if (first.dtype === 'int32') {
    const differs = tensors.some((t) => t.data.some((x, j) => x !== first.data[j]));
    if (differs)
      throw new ModelMismatchError(
        'E_MISMATCH_WEIGHTS',
        `average: the int32 tensor '${first.name}' differs between the checkpoints and cannot be averaged`,
        { weight: first.name },
      );
    return first;
  }
  const sum = new Float64Array(first.data.length); // [n] accumulators
  for (const t of tensors) for (let j = 0; j < sum.length; j++) sum[j]! += t.data[j]!;
  const mean = new Float32Array(sum.length);
  for (let j = 0; j < sum.length; j++) mean[j] = sum[j]! / tensors.length;
  return { name: first.name, shape: [...first.shape], dtype: 'float32', data: mean };
}
