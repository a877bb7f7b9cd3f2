/** Checkpoint IO: versioned, checksummed, atomically written msgpack files, plus tensor ↔ stored-weight helpers. */
export { saveCheckpoint, loadCheckpoint } from './checkpoint-file.js';
export type { LoadOptions } from './checkpoint-file.js';
export { encodeCheckpoint, decodeCheckpoint } from './checkpoint-codec.js';
export type { CheckpointDecodeOptions } from './checkpoint-codec.js';
export { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, CHECKPOINT_KINDS } from './checkpoint-types.js';
export type {
  Checkpoint,
  CheckpointKind,
  StoredTensor,
  StoredTokenizer,
  OptimizerState,
  WeightStorage,
} from './checkpoint-types.js';
export { tensorsToStored, storedToTensors, parameterCount } from './tensor-weights.js';
export { writeFileAtomic, replaceAtomically, removeStaleTemporariesNear } from './atomic-write.js';
export type { AtomicWriteOptions, ReplaceOptions, TemporaryNaming } from './atomic-write.js';
export { float32ToFloat16Bits, float16BitsToFloat32, toFloat16Array, fromFloat16Array } from './float16.js';
export { crc32 } from './crc32.js';
export { readBoundedFile, readBoundedStream, checkRegularFile } from './bounded-file.js';
export type { BoundedFileOptions } from './bounded-file.js';
export { fileError, isErrnoError } from './file-errors.js';
export { removeStaleTemporaries, temporaryOwner, processExists } from './stale-temporaries.js';
export { checkLanguageCode, languagesOf, languageMeta } from './language-codes.js';
export type { CheckpointLanguages } from './language-codes.js';
