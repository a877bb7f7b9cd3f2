/** The `--engine` option of the inference commands (translate, score, lm score); selection itself is lib/engine.ts. */
import type { OptionsSpec } from '../cli/args.js';

export const ENGINE_OPTION = {
  engine: {
    type: 'string',
    choices: ['auto', 'onnx', 'tfjs'],
    description:
      'inference engine: onnx (ONNX Runtime, needs onnxruntime-node) or tfjs (default: $S2S_ENGINE, else onnx when it loads)',
  },
} as const satisfies OptionsSpec;
