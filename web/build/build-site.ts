/**
 * Builds the translation page into a self-contained static site (what `s2s web build` runs):
 *
 * | file                               | what                                                          |
 * | ---------------------------------- | ------------------------------------------------------------- |
 * | `index.html`, `style.css`          | the page (web/index.html, web/style.css)                      |
 * | `page.js`, `worker.js`             | the page script and the decoding Web Worker (esbuild bundles) |
 * | `tfjs-backend-wasm*.wasm`          | TensorFlow.js's WebAssembly backend (plain, SIMD, threads+SIMD) |
 * | `model.s2s`                        | the translation model, fetched by the worker                  |
 *
 * Any static host serves it; nothing is sent back to a server while translating.
 *
 * In a checkout, `page.js` and `worker.js` are bundled from web/src/ with esbuild (a devDependency). The installed
 * package has neither: `npm run build` bundles them once into dist/web/ beside index.html and style.css
 * (`buildPage`), and `buildSite` copies those.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCheckpoint } from '../../lib/io/checkpoint-codec.js';
import { CheckpointError } from '../../lib/errors.js';

/** The web/ folder (page sources). */
const WEB_DIR = fileURLToPath(new URL('../', import.meta.url));
const STATIC_FILES = ['index.html', 'style.css'] as const;
const BUNDLES = ['page.js', 'worker.js'] as const;
const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;
/** The model's name in the site (the page fetches it by this name unless `?model=URL` says otherwise). */
export const SITE_MODEL_FILE = 'model.s2s';

export interface SiteRequest {
  /** A translation model file (`.s2s`, kind seq2seq). */
  model: string;
  /** Output directory (created if missing; files in it are overwritten). */
  out: string;
}

/** Files written, with their sizes in bytes. */
export type SiteReport = { file: string; bytes: number }[];

/**
 * @throws CheckpointError when `model` is missing or not a translation model (checked before anything is written).
 */
export async function buildSite({ model, out }: SiteRequest): Promise<SiteReport> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(model);
  } catch (err) {
    throw new CheckpointError(
      'E_CHECKPOINT_MISSING',
      `cannot read the model ${model} (${(err as NodeJS.ErrnoException).code ?? String(err)}): pass a translation model file, e.g. --model fixtures/models/en-es.s2s`,
      { details: { path: model }, cause: err },
    );
  }
  decodeCheckpoint(bytes, { source: model, expectKind: 'seq2seq' });
  await mkdir(out, { recursive: true });
  if (existsSync(join(WEB_DIR, 'src/page.ts'))) await buildPage(out);
  else for (const file of [...STATIC_FILES, ...BUNDLES]) await copyFile(join(WEB_DIR, file), join(out, file));
  const wasmDir = dirname(
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
  );
  for (const file of WASM_FILES) await copyFile(join(wasmDir, file), join(out, file));
  await copyFile(model, join(out, SITE_MODEL_FILE));
  const files = [...STATIC_FILES, ...BUNDLES, ...WASM_FILES, SITE_MODEL_FILE];
  return Promise.all(files.map(async (file) => ({ file, bytes: (await stat(join(out, file))).size })));
}

/**
 * The page without model or wasm files: index.html, style.css and the esbuild bundles page.js and worker.js, from the
 * sources in web/ (a checkout only; `npm run build` runs it into dist/web/ for the package).
 */
export async function buildPage(out: string): Promise<void> {
  const { bundleForBrowser } = await import('./bundle.js');
  await mkdir(out, { recursive: true });
  await bundleForBrowser({
    entryPoints: { page: join(WEB_DIR, 'src/page.ts'), worker: join(WEB_DIR, 'src/worker.ts') },
    outdir: out,
  });
  for (const file of STATIC_FILES) await copyFile(join(WEB_DIR, file), join(out, file));
}
