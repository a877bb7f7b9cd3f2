#!/usr/bin/env node
// The `s2s` launcher. An installed package runs the compiled CLI in dist/. In a checkout of the repository (the
// TypeScript sources are there and tsx, a devDependency, is installed) it runs the sources instead, so the CLI is always
// the code as edited, never a stale build.
import { existsSync } from 'node:fs';

const inCheckout = existsSync(new URL('../scripts/s2s.ts', import.meta.url));
const tsx = inCheckout ? await import('tsx/esm/api').catch(() => undefined) : undefined;
if (tsx) {
  tsx.register();
  await import('../scripts/s2s.ts');
} else {
  try {
    await import('../dist/scripts/s2s.js');
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/scripts/s2s.js')) throw err;
    process.stderr.write(
      's2s: the compiled CLI (dist/) is missing: run `npm run build` (or `npm install` for the dev tools)\n',
    );
    process.exitCode = 1;
  }
}
