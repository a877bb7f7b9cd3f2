/**
 * Reading untrusted decoded msgpack values (checkpoint-codec.ts): each accessor checks the value's type and throws
 * CheckpointError E_CHECKPOINT_CORRUPT naming the field and what it found; `tensor` also checks dtype and byte count
 * against the shape and returns float32 (float16 on disk is widened) or int32 data.
 *
 * @example
 * const r = new Reader('model.s2s');
 * const step = r.number(body['step'], 'step');
 */
import { CheckpointError } from '../errors.js';
import type { StoredTensor } from './checkpoint-types.js';
import { fromFloat16Array } from './float16.js';
import { fromLittleEndianBytes } from './little-endian.js';

/** A reader of untrusted decoded values that throws E_CHECKPOINT_CORRUPT naming the bad field. */
export class Reader {
  constructor(private readonly source: string) {}

  corrupt(what: string): CheckpointError {
    return new CheckpointError(
      'E_CHECKPOINT_CORRUPT',
      `checkpoint ${this.source} is corrupt: ${what}; the file is damaged or was not written by s2s: re-copy it or use an earlier checkpoint`,
      {
        details: { source: this.source },
      },
    );
  }

  object(value: unknown, field: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array)
      throw this.corrupt(`expected '${field}' to be a map, found ${describe(value)}`);
    return value as Record<string, unknown>;
  }

  string(value: unknown, field: string): string {
    if (typeof value !== 'string') throw this.corrupt(`expected '${field}' to be a string, found ${describe(value)}`);
    return value;
  }

  number(value: unknown, field: string): number {
    if (typeof value !== 'number') throw this.corrupt(`expected '${field}' to be a number, found ${describe(value)}`);
    return value;
  }

  bytes(value: unknown, field: string): Uint8Array {
    if (!(value instanceof Uint8Array))
      throw this.corrupt(`expected '${field}' to be binary data, found ${describe(value)}`);
    return value;
  }

  array(value: unknown, field: string): unknown[] {
    if (!Array.isArray(value)) throw this.corrupt(`expected '${field}' to be a list, found ${describe(value)}`);
    return value;
  }

  tensor(value: unknown, field: string): StoredTensor {
    const t = this.object(value, field);
    const name = this.string(t['name'], `${field}.name`);
    const shape = this.array(t['shape'], `${field}.shape`).map((d, i) => {
      const n = this.number(d, `${field}.shape[${i}]`);
      if (!Number.isInteger(n) || n < 0) throw this.corrupt(`expected '${field}.shape' to hold sizes ≥ 0, found ${n}`);
      return n;
    });
    const dtype = this.string(t['dtype'], `${field}.dtype`);
    const data = this.bytes(t['data'], `${field}.data`);
    const count = shape.reduce((a, b) => a * b, 1);
    const width = dtype === 'float16' ? 2 : dtype === 'float32' || dtype === 'int32' ? 4 : 0;
    if (width === 0) throw this.corrupt(`tensor '${name}' has dtype '${dtype}', expected float32, float16 or int32`);
    if (data.byteLength !== count * width)
      throw this.corrupt(
        `tensor '${name}' of shape [${shape.join(', ')}] (${dtype}) needs ${count * width} bytes, found ${data.byteLength}`,
      );
    if (dtype === 'int32') return { name, shape, dtype, data: fromLittleEndianBytes(data, Int32Array) };
    const values =
      dtype === 'float16'
        ? fromFloat16Array(fromLittleEndianBytes(data, Uint16Array))
        : fromLittleEndianBytes(data, Float32Array);
    return { name, shape, dtype: 'float32', data: values };
  }
}

/** A decoded value in words, for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (value instanceof Uint8Array) return `${value.byteLength} bytes of binary data`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return typeof value === 'object' ? 'a map' : `${typeof value} ${String(value)}`;
}
