/**
 * Typed arrays ↔ raw little-endian bytes, the byte order of every number array in a checkpoint. On little-endian
 * hosts (all common ones) this is a copy; elsewhere bytes are swapped through a DataView. Results never share
 * memory with the input (decoded byte slices are often unaligned views into a larger buffer).
 */
/** True when this host stores numbers little-endian: the first byte of the 16-bit integer 1 is 1. */
const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type NumberArray = Float32Array | Int32Array | Uint16Array;
type Ctor<T extends NumberArray> = { new (length: number): T; BYTES_PER_ELEMENT: number };

/** The little-endian bytes of `values`. */
export function toLittleEndianBytes(values: NumberArray): Uint8Array {
  const out = new Uint8Array(values.byteLength);
  if (HOST_LE) {
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    return out;
  }
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (values instanceof Float32Array) view.setFloat32(i * 4, values[i]!, true);
    else if (values instanceof Int32Array) view.setInt32(i * 4, values[i]!, true);
    else view.setUint16(i * 2, values[i]!, true);
  }
  return out;
}

/** A new typed array of type `ctor` read from little-endian `bytes` (whose length must be a multiple of the element size). */
export function fromLittleEndianBytes<T extends NumberArray>(bytes: Uint8Array, ctor: Ctor<T>): T {
  const size = ctor.BYTES_PER_ELEMENT;
  const out = new ctor(bytes.byteLength / size);
  const outBytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  outBytes.set(bytes);
  if (!HOST_LE) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < out.length; i++) {
      out[i] =
        size === 2
          ? view.getUint16(i * 2, true)
          : out instanceof Int32Array
            ? view.getInt32(i * 4, true)
            : view.getFloat32(i * 4, true);
    }
  }
  return out;
}
