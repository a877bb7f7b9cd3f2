/**
 * `npm run build` (and `prepack`): the package's compiled output in dist/ — ES modules, `.d.ts` and source maps (with
 * the sources inlined, so no .ts ships) from `tsc -p tsconfig.build.json`, plus the generated tfjs gradient bundle.
 * Plain `tsc` rather than a bundler: the output mirrors the sources file for file (readable stack traces, lazy
 * `import()` of CLI commands keeps working, nothing to configure), and every dependency stays an import. The in-browser
 * page (web/src/) is bundled once into dist/web/ (`buildPage`), so `s2s web build` needs neither esbuild nor the
 * sources in an installed package.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { buildPage } from '../../web/build/build-site.js';
import { generateTfjsGradients, OUTPUT } from './tfjs-gradients.js';

const ROOT = join(dirname(OUTPUT), '..', '..');
const DIST = join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
await generateTfjsGradients();
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
const target = join(DIST, relative(ROOT, OUTPUT));
mkdirSync(dirname(target), { recursive: true });
copyFileSync(OUTPUT, target);
await buildPage(join(DIST, 'web'));
