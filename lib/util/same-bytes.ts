/** Whether two byte arrays hold the same bytes (e.g. two serialized tokenizers). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
