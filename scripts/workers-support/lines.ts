/** 200 distinct short English lines and their local `s2s translate --beam-size 1` translations (computed once). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EN_ES } from './worker-process.js';

const SUBJECTS = [
  'The light',
  'The water',
  'The earth',
  'The day',
  'A man',
  'The king',
  'His son',
  'The house',
  'The people',
  'The city',
];
const VERBS = [
  'was good',
  'went out',
  'came in',
  'is here',
  'spoke',
  'was great',
  'rested',
  'was afraid',
  'heard it',
  'saw it',
];
const ENDS = ['.', ' today.'];

/** Line i: subject i mod 10, verb ⌊i/10⌋ mod 10, ending ⌊i/100⌋. */
export const LINES: readonly string[] = Array.from(
  { length: 200 },
  (_, i) => `${SUBJECTS[i % 10]} ${VERBS[Math.floor(i / 10) % 10]}${ENDS[Math.floor(i / 100)]}`,
);

export const DECODE_ARGS = ['--beam-size', '1'];

let local: Promise<string[]> | undefined;

/** The lines translated by the local CLI with `DECODE_ARGS`. */
export function localTranslations(): Promise<string[]> {
  local ??= (async () => {
    const child = promisify(execFile)(
      process.execPath,
      ['bin/s2s.js', 'translate', '-m', EN_ES, ...DECODE_ARGS, '--no-progress'],
      { maxBuffer: 1 << 24 },
    );
    child.child.stdin!.end(`${LINES.join('\n')}\n`);
    const { stdout } = await child;
    return stdout.split('\n').slice(0, -1);
  })();
  return local;
}
