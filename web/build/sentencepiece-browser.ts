/**
 * An esbuild plugin that makes `sentencepiece-js` 1.1 bundle for browsers. The package is one CommonJS file: the
 * emscripten glue (its WebAssembly inlined as a data URI) plus a small class whose `load(path)` reads the model
 * with `fs.readFileSync`. Three Node-only expressions stand in the way, and each is replaced in the bundled text:
 *
 * | in the package                                   | in the bundle                          | why it is safe                                      |
 * | ------------------------------------------------ | -------------------------------------- | --------------------------------------------------- |
 * | `require('fs')`                                  | an object whose `readFileSync` returns no bytes | lib/text/spm/wasm-module.ts only calls `load` once, to obtain the module; the model it "reads" fails to load harmlessly, as in Node, and real models go through the in-memory FS |
 * | `new (require('u' + 'rl').URL)('file:' + __filename).href` (the glue's own script URL) | `self.location.href` | only used to find side files; the wasm is inlined |
 * | `require('module')`                              | `{}`                                   | only reached when the glue detects Node             |
 *
 * Each pattern must occur exactly as often as in version 1.1; another version fails the build with a message rather
 * than producing a bundle that breaks at run time.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

interface Replacement {
  find: string;
  replace: string;
  count: number;
}

const REPLACEMENTS: readonly Replacement[] = [
  { find: "require('fs')", replace: '{ readFileSync: function () { return new Uint8Array(0); } }', count: 1 },
  { find: "new (require('u' + 'rl').URL)('file:' + __filename).href", replace: 'self.location.href', count: 3 },
  { find: "require('module')", replace: '{}', count: 1 },
];

/** Rewrites `source` (the package's dist/index.js); throws when a pattern is not found as often as expected. */
export function patchSentencePieceSource(source: string): string {
  let out = source;
  for (const { find, replace, count } of REPLACEMENTS) {
    const found = out.split(find).length - 1;
    if (found !== count) {
      throw new Error(
        `sentencepiece-js: expected ${count} occurrence(s) of ${find} in dist/index.js, found ${found}; this build supports sentencepiece-js 1.1 (npm install sentencepiece-js@1.1.0)`,
      );
    }
    out = out.split(find).join(replace);
  }
  return out;
}

export function sentencePieceBrowserPlugin(): Plugin {
  return {
    name: 'sentencepiece-browser',
    setup(build) {
      build.onLoad({ filter: /[\\/]sentencepiece-js[\\/]dist[\\/]index\.js$/ }, async (args) => ({
        contents: patchSentencePieceSource(await readFile(args.path, 'utf8')),
        loader: 'js',
      }));
    },
  };
}
