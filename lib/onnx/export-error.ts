/** Errors of the ONNX exporter and engine. */
import { S2SError } from '../errors.js';

/**
 * A model that cannot be exported (a feature the ONNX graphs do not cover, named in the message), a checkpoint
 * whose weights do not match its config, or an ONNX Runtime that cannot be loaded.
 */
export class OnnxExportError extends S2SError {
  constructor(
    code: 'E_ONNX_UNSUPPORTED' | 'E_ONNX_WEIGHT' | 'E_ONNX_RUNTIME',
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, { details });
  }
}
