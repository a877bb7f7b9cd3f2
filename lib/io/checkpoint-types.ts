/**
 * The in-memory shape of a checkpoint: everything needed to rebuild a model and resume its training run. IO code
 * only moves these plain values (typed arrays, numbers, plain objects) to and from bytes; converting weights to and
 * from tensors lives in `tensor-weights.ts`.
 *
 * On disk (format `s2s-checkpoint`, version 1) see `checkpoint-codec.ts`.
 */
import type { RngState } from '../util/random.js';

export const CHECKPOINT_FORMAT = 's2s-checkpoint';
/** The newest format version this code writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** `ensemble`: several seq2seq members and their weights in one file (see lib/models/ensemble-checkpoint.ts). */
export type CheckpointKind = 'seq2seq' | 'lm' | 'ensemble';
export const CHECKPOINT_KINDS: readonly CheckpointKind[] = ['seq2seq', 'lm', 'ensemble'];

/** A named array of numbers with its shape (row-major); `data.length` = product of `shape`. */
export type StoredTensor =
  | { name: string; shape: number[]; dtype: 'float32'; data: Float32Array }
  | { name: string; shape: number[]; dtype: 'int32'; data: Int32Array };

/** How float32 weights are stored: as is, or as IEEE half floats (half the size; converted back on load). */
export type WeightStorage = 'float32' | 'float16';

/** A serialized tokenizer model: `kind` says how to read `bytes` (e.g. `sentencepiece`, `words`). */
export interface StoredTokenizer {
  kind: string;
  bytes: Uint8Array;
}

/** Optimizer state: its slot variables (e.g. Adam's moments) as tensors, and its plain hyperparameters. */
export interface OptimizerState {
  /** e.g. `adam`, `rmsprop`, `sgd`. */
  name: string;
  hyperparameters: Record<string, unknown>;
  /** Always stored as float32/int32 (never float16), so resumed training matches an uninterrupted run. */
  state: StoredTensor[];
}

/**
 * Everything a checkpoint holds. `C` is the model config type; on load it is whatever plain object the file holds
 * (validate it before use).
 */
export interface Checkpoint<C extends object = Record<string, unknown>> {
  kind: CheckpointKind;
  /** The model config (plain data: numbers, strings, booleans, null, arrays, objects). */
  config: C;
  /** Tokenizer models by role, e.g. `{ source: …, target: … }`. */
  tokenizers: Record<string, StoredTokenizer>;
  weights: StoredTensor[];
  /** Storage of float32 weights; default `float32`. Loading reports what the file used; weights come back float32. */
  weightStorage?: WeightStorage;
  optimizer?: OptimizerState;
  /** Optimizer steps taken. */
  step: number;
  epoch: number;
  rng?: RngState;
  /** Best dev score so far (e.g. lowest dev loss), or null before the first evaluation. */
  bestDevScore?: number | null;
  /** Free-form: training time, command line, data files, … */
  meta: Record<string, unknown>;
}
