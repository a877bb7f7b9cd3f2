/**
 * Models ↔ checkpoints, without file access (runs in browsers too). A checkpoint is self-contained: the model config,
 * the tokenizer models as bytes, and the weights under their `ParamStore` names. Loading rebuilds the model from the
 * config and assigns every weight, checking that names and shapes match exactly; a mismatch is a `CheckpointError`
 * that says which weight and why. Loading from a file path: model-checkpoint.ts.
 */
import type { Checkpoint, CheckpointKind, StoredTensor } from '../io/checkpoint-types.js';
import type { ParamStore } from '../nn/params.js';
import { assignWeights as assignParamWeights, storeToWeights } from '../nn/param-weights.js';
import type { Tokenizer, TokenizerKind } from '../text/tokenizer.js';
import { loadTokenizer } from '../text/load-tokenizer.js';
import { CheckpointError } from '../errors.js';
import { Seq2Seq } from './seq2seq.js';
import { LanguageModel } from './language-model.js';
import type { Seq2SeqConfig } from './seq2seq-config.js';
import type { LanguageModelConfig } from './lm-config.js';

export { storeToWeights };

/** Assigns stored weights to a freshly built model (see nn/param-weights.ts). @throws CheckpointError on any mismatch */
export function assignWeights(params: ParamStore, weights: readonly StoredTensor[], source: string): void {
  assignParamWeights(
    params,
    weights,
    source,
    ({ message, details }) =>
      new CheckpointError(
        'E_CHECKPOINT_CORRUPT',
        `${message}; the file does not match its own model config (was it written by another program?)`,
        { details },
      ),
  );
}

/** Serializes tokenizers by role for a checkpoint. */
export function storeTokenizers(tokenizers: Record<string, Tokenizer>): Checkpoint['tokenizers'] {
  return Object.fromEntries(
    Object.entries(tokenizers).map(([role, t]) => [role, { kind: t.kind, bytes: t.serialize() }]),
  );
}

/** The tokenizer stored under `role` (`source`, `target`) in a checkpoint. @throws CheckpointError when absent */
export async function tokenizerOf(checkpoint: Checkpoint, role: string, source: string): Promise<Tokenizer> {
  const stored = checkpoint.tokenizers[role];
  if (!stored)
    throw new CheckpointError(
      'E_CHECKPOINT_CORRUPT',
      `${source}: the checkpoint holds no '${role}' tokenizer (found: ${Object.keys(checkpoint.tokenizers).join(', ') || 'none'})`,
    );
  return loadTokenizer(stored.kind as TokenizerKind, stored.bytes);
}

export interface LoadedSeq2Seq {
  model: Seq2Seq;
  source: Tokenizer;
  target: Tokenizer;
  checkpoint: Checkpoint;
}

/** Rebuilds a translation model (`kind: seq2seq`) and its tokenizers from a decoded checkpoint; `source` names it in errors. */
export async function seq2seqFromCheckpoint(checkpoint: Checkpoint, source: string): Promise<LoadedSeq2Seq> {
  const model = new Seq2Seq(checkpoint.config as unknown as Seq2SeqConfig);
  try {
    assignWeights(model.params, checkpoint.weights, source);
    return {
      model,
      source: await tokenizerOf(checkpoint, 'source', source),
      target: await tokenizerOf(checkpoint, 'target', source),
      checkpoint,
    };
  } catch (err) {
    model.dispose();
    throw err;
  }
}

export interface LoadedLanguageModel {
  model: LanguageModel;
  tokenizer: Tokenizer;
  checkpoint: Checkpoint;
}

/** Rebuilds a language model (`kind: lm`) from a decoded checkpoint; `source` names it in errors. */
export async function languageModelFromCheckpoint(
  checkpoint: Checkpoint,
  source: string,
): Promise<LoadedLanguageModel> {
  const model = new LanguageModel(checkpoint.config as unknown as LanguageModelConfig);
  try {
    assignWeights(model.params, checkpoint.weights, source);
    return { model, tokenizer: await tokenizerOf(checkpoint, 'target', source), checkpoint };
  } catch (err) {
    model.dispose();
    throw err;
  }
}

/** A checkpoint of a model for inference (no optimizer state), e.g. for shipping. */
export function inferenceCheckpoint(
  kind: CheckpointKind,
  params: ParamStore,
  config: object,
  tokenizers: Record<string, Tokenizer>,
  meta: Record<string, unknown> = {},
): Checkpoint {
  return {
    kind,
    config: { ...config },
    tokenizers: storeTokenizers(tokenizers),
    weights: storeToWeights(params),
    step: 0,
    epoch: 0,
    meta,
  };
}
