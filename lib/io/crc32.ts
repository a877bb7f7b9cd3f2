/**
 * CRC-32 (IEEE 802.3 / zlib / PNG): reflected polynomial 0xEDB88320, initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF.
 * Table-driven, one byte per step: `crc = table[(crc ^ byte) & 0xFF] ^ (crc >>> 8)`, where `table[b]` is `b` run
 * through 8 steps of `c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1`. Check value: crc32("123456789") = 0xCBF43926.
 */

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let b = 0; b < 256; b++) {
    let c = b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[b] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of `bytes` as an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
