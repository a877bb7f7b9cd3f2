/**
 * Writes the hygiene fixtures under fixtures/text/ (one file per case; spec/text/hygiene.spec.ts reads them).
 * Run: node --import tsx scripts/make-text-fixtures.ts   (deterministic: same bytes every run)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'fixtures', 'text');
mkdirSync(dir, { recursive: true });
const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

// Invalid UTF-8: truncated 2-byte sequence, stray continuation/invalid bytes, overlong encoding, encoded surrogate,
// truncated 4-byte sequence, and a valid line. Expected replacements per line: 1, 2, 2, 3, 1, 0.
writeFileSync(
  join(dir, 'invalid-utf8.txt'),
  bytes(
    'caf',
    [0xc3],
    ' au lait\n',
    [0xff, 0xfe],
    'abc\n',
    'slash ',
    [0xc0, 0xaf],
    '\n',
    'surrogate ',
    [0xed, 0xa0, 0x80],
    '\n',
    'smile ',
    [0xf0, 0x9f, 0x98],
    ' end\n',
    'valid: señor 😀\n',
  ),
);

// Line ends: CRLF, an empty CRLF line, a lone CR, a final LF.
writeFileSync(join(dir, 'crlf.txt'), bytes('one\r\ntwo\r\n\r\nthree\rfour\n'));

// UTF-8 byte-order mark at the start.
writeFileSync(join(dir, 'bom.txt'), bytes([0xef, 0xbb, 0xbf], 'In the beginning\nsecond line\n'));

// NUL, tab, BEL, ESC, DEL, NEL (U+0085) and a C1 control (U+009F) inside one line.
writeFileSync(
  join(dir, 'control-chars.txt'),
  bytes('a', [0x00], 'b\tc', [0x07], 'd', [0x1b], 'e', [0x7f], 'f\u0085g\u009fh\n'),
);

// Empty lines in the middle and at the end.
writeFileSync(join(dir, 'empty-lines.txt'), bytes('first\n\n\nfourth\n\n'));

// Two lines of exactly 10,000 characters: prose (sentences) and one unbroken run without spaces.
const sentences = [
  'In the beginning, God created the heavens and the earth.',
  'The earth was formless and empty.',
  'Darkness was on the surface of the deep, and God’s Spirit was hovering over the surface of the waters.',
  'God said, “Let there be light,” and there was light.',
];
let prose = '';
for (let i = 0; prose.length < 10_000; i++) prose += (prose ? ' ' : '') + sentences[i % sentences.length];
prose = prose.slice(0, 10_000);
const run = 'abcdefghijklmnopqrstuvwxyzáéíóúñ'.repeat(400).slice(0, 10_000);
writeFileSync(join(dir, 'long-line-10000.txt'), bytes(prose, '\n', run, '\n'));

console.log(`wrote fixtures to ${dir}`);
