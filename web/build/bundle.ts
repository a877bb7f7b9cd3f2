/**
 * The esbuild settings of every browser bundle (the web page, its worker, and the bundle check in spec/web/):
 * `platform: 'browser'`, under which esbuild refuses any Node built-in that a module imports (unless its package
 * maps it to `false` for browsers, as tfjs-backend-wasm does for the emscripten glue's Node branch), ES modules, and
 * one substitution: `sentencepiece-js` is patched for browsers (sentencepiece-browser.ts).
 */
import { build, type BuildOptions, type BuildResult, type Metafile } from 'esbuild';
import { sentencePieceBrowserPlugin } from './sentencepiece-browser.js';

export interface BundleRequest {
  /** Entry files → output names, e.g. `{ page: 'web/src/page.ts' }` gives `page.js`. */
  entryPoints: Record<string, string>;
  outdir: string;
  /** Default true. */
  minify?: boolean;
}

export function browserBuildOptions(request: BundleRequest): BuildOptions {
  return {
    entryPoints: request.entryPoints,
    outdir: request.outdir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['chrome100', 'firefox115', 'safari16'],
    minify: request.minify ?? true,
    sourcemap: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    plugins: [sentencePieceBrowserPlugin()],
  };
}

/** Bundles for browsers; rejects with esbuild's errors (e.g. a Node built-in that cannot be resolved). */
export async function bundleForBrowser(request: BundleRequest): Promise<BuildResult & { metafile: Metafile }> {
  const result = await build(browserBuildOptions(request));
  return result as BuildResult & { metafile: Metafile };
}
