/** What opening a translation model takes and gives (`openTranslator`, Node and ONNX engines, and the browser entry). */
import type { Tokenizer } from '../text/tokenizer.js';
import type { DecodeOptions } from '../decode/options.js';
import type { BatchTranslator } from '../decode/hypothesis.js';
import type { EngineName } from '../engine.js';
import type { BackendName } from '../backend.js';

export interface OpenTranslatorOptions {
  decode?: Partial<DecodeOptions>;
  /** A language model file (`kind: lm`) on the target side, for `decode.lmWeight` > 0. */
  lmPath?: string;
  backend?: BackendName | 'auto';
  /** Inference engine (default `S2S_ENGINE`, else `auto`: onnx when onnxruntime-node loads). */
  engine?: EngineName | 'auto';
  /** Ensemble weights, one per model file (default equal); normalised to sum to 1. */
  weights?: readonly number[];
}

export interface OpenedTranslator {
  translator: BatchTranslator;
  sourceTokenizer: Tokenizer;
  targetTokenizer: Tokenizer;
  /** The engine and backend in use (for reports), e.g. `wasm` or `onnx: onnxruntime-node 1.30.0 (cpu, 2 threads); search on wasm`. */
  backend: string;
  /** The engine in use. */
  engine: EngineName;
  /** Frees the models' weights. */
  close(): void;
}
