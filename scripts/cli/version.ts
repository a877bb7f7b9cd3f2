/** The installed package's version and root folder, found from this file in the sources and in `dist/` alike. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding s2s-rnn's package.json: the first one above this module (`scripts/cli/` or `dist/scripts/cli/`). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 's2s-rnn')
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`s2s-rnn: no package.json of s2s-rnn above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
