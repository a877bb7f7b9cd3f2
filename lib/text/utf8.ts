/**
 * UTF-8 decoding that never throws: invalid byte sequences become U+FFFD and are counted, so callers can report how
 * much of their input was damaged.
 *
 * Rule (Unicode §3.9 "U+FFFD substitution of maximal subparts", the same as WHATWG TextDecoder): well-formed
 * sequences follow Table 3-7 —
 *   00..7F | C2..DF 80..BF | E0 A0..BF 80..BF | E1..EC,EE..EF 80..BF 80..BF | ED 80..9F 80..BF |
 *   F0 90..BF 80..BF 80..BF | F1..F3 80..BF 80..BF 80..BF | F4 80..8F 80..BF 80..BF;
 * at a byte where that fails, the longest prefix of a well-formed sequence seen so far (at least one byte) is
 * replaced by one U+FFFD and decoding resumes at the failing byte.
 */

export interface Utf8Damage {
  /** Number of U+FFFD substitutions made. */
  replacements: number;
  /** Number of input bytes those substitutions replaced. */
  invalidBytes: number;
}

export interface DecodedText extends Utf8Damage {
  text: string;
}

const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Counts the maximal invalid subparts of `bytes` (see module comment) without decoding. */
export function scanUtf8(bytes: Uint8Array): Utf8Damage {
  let replacements = 0;
  let invalidBytes = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) lo = 0xa0;
      else if (lead === 0xed) hi = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) lo = 0x90;
      else if (lead === 0xf4) hi = 0x8f;
    } else {
      replacements++;
      invalidBytes++;
      i++;
      continue;
    }
    let j = i + 1;
    let ok = true;
    for (let k = 0; k < need; k++, j++) {
      const b = j < n ? bytes[j]! : -1;
      const min = k === 0 ? lo : 0x80;
      const max = k === 0 ? hi : 0xbf;
      if (b < min || b > max) {
        ok = false;
        break;
      }
    }
    if (!ok) {
      replacements++;
      invalidBytes += j - i;
    }
    i = j;
  }
  return { replacements, invalidBytes };
}

/** Decodes `bytes` as UTF-8, substituting U+FFFD for invalid sequences and counting them. A leading BOM is kept. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const damage = scanUtf8(bytes);
  return { text: lenient.decode(bytes), ...damage };
}
