import { expect } from 'chai';
import { crc32 } from '../../lib/io/crc32.js';

describe('io/crc32', () => {
  // Standard CRC-32 check values (IEEE 802.3 / zlib): "123456789" → 0xCBF43926; "" → 0; "a" → 0xE8B7BE43;
  // "The quick brown fox jumps over the lazy dog" → 0x414FA339.
  const table: Array<[string, number]> = [
    ['123456789', 0xcbf43926],
    ['', 0],
    ['a', 0xe8b7be43],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ];
  for (const [text, expected] of table)
    it(JSON.stringify(text), () => expect(crc32(new TextEncoder().encode(text))).to.equal(expected));
});
