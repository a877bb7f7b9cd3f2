/**
 * Inference engine selection: which runtime executes a model's forward steps for translation and scoring.
 *
 * | engine | package                   | what runs                                                                 |
 * | ------ | ------------------------- | ------------------------------------------------------------------------- |
 * | `onnx` | `onnxruntime-node` (optional peer) | graphs exported from the `.s2s` in memory at load (lib/onnx), native threads |
 * | `tfjs` | `@tensorflow/tfjs` + the backend of lib/backend.ts | the model code itself (training always runs here)      |
 *
 * An explicit request (`--engine`, `S2S_ENGINE`) wins and fails loudly when it cannot be used; `auto` takes `onnx`
 * when `onnxruntime-node` loads, else `tfjs`. The decoding search (greedy/beam/sampling, processors) is the same
 * code on both. The choice is always returned, with a detail line, so callers can report it.
 */
import { OptionError } from './errors.js';
import { describeOrt, loadOrt } from './onnx/ort-runtime.js';

export const ENGINE_NAMES = ['onnx', 'tfjs'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface EngineChoice {
  name: EngineName;
  /** e.g. `onnxruntime-node 1.30.0 (cpu, 2 threads)`, or why `auto` fell back to tfjs. */
  detail: string;
}

/** `--engine` / `S2S_ENGINE` text → a name or `auto`. @throws OptionError for anything else */
export function parseEngineName(value: string | undefined): EngineName | 'auto' {
  const v = value ?? process.env['S2S_ENGINE'] ?? 'auto';
  if (v === 'auto' || (ENGINE_NAMES as readonly string[]).includes(v)) return v as EngineName | 'auto';
  throw new OptionError('E_OPTION_INVALID', `--engine must be one of auto, ${ENGINE_NAMES.join(', ')}, got '${v}'`, {
    option: '--engine',
  });
}

/**
 * Resolves a request to an engine. `onnx` requested and not loadable throws (OnnxExportError naming the package).
 * @param requested default: `S2S_ENGINE`, else `auto`
 */
export async function selectEngine(requested?: EngineName | 'auto'): Promise<EngineChoice> {
  const want = requested ?? parseEngineName(undefined);
  if (want === 'tfjs') return { name: 'tfjs', detail: 'requested' };
  try {
    return { name: 'onnx', detail: describeOrt(await loadOrt()) };
  } catch (err) {
    if (want === 'onnx') throw err;
    return {
      name: 'tfjs',
      detail: 'onnxruntime-node is not installed (npm install onnxruntime-node for the faster onnx engine)',
    };
  }
}
