/**
 * Models that cannot be combined: ensemble members with different vocabularies or tokenizers, checkpoints to average
 * with different kinds, configs, tokenizers or weight shapes. `details` names the file or member and what differs.
 */
import { S2SError } from '../errors.js';

export type ModelMismatchCode = 'E_MISMATCH_KIND' | 'E_MISMATCH_CONFIG' | 'E_MISMATCH_TOKENIZER' | 'E_MISMATCH_VOCAB' | 'E_MISMATCH_WEIGHTS';

export class ModelMismatchError extends S2SError {
  constructor(code: ModelMismatchCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
  }
}
