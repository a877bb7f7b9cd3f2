/**
 * Ragged id lists → a padded id matrix and its validity mask, as flat typed arrays (row-major) ready for
 * `tf.tensor2d(ids, shape, 'int32')` and `tf.tensor2d(validMask, shape)`. Pure: no tensors are made here.
 * A data shape shared by the layers above (`lib/models/padded-batch.ts` `padIds` uploads them as tensors).
 */
import { PAD_ID } from '../text/special-ids.js';

export interface PaddedRows {
  /** [B, L] int32, row-major; PAD_ID (0) after each row's end. */
  ids: Int32Array;
  /** [B, L] float32, row-major; 1 at real tokens, 0 at padding. */
  validMask: Float32Array;
  /** [B, L] */
  shape: [number, number];
  /** Real length of each row. */
  lengths: number[];
}

/**
 * Pads every row to the longest one (at least `minLength`, and at least 1 so empty batches still have a shape).
 * @param rows B lists of token ids
 */
export function padRows(
  rows: readonly (readonly number[])[],
  options: { minLength?: number; padId?: number } = {},
): PaddedRows {
  const lengths = rows.map((r) => r.length);
  const width = Math.max(options.minLength ?? 1, 1, ...lengths);
  const ids = new Int32Array(rows.length * width).fill(options.padId ?? PAD_ID);
  const validMask = new Float32Array(rows.length * width);
  rows.forEach((row, b) => {
    ids.set(row, b * width);
    validMask.fill(1, b * width, b * width + row.length);
  });
  return { ids, validMask, shape: [rows.length, width], lengths };
}
