/**
 * The browser entry of the library: everything here runs without Node built-ins (spec/web/browser-bundle.spec.ts
 * bundles it for `platform=browser` and fails on any). Models load from a URL, `ArrayBuffer` or `Blob`; decoding runs
 * on TensorFlow.js's wasm backend. The streaming operators (`translateLines`) come from the portable pipelines.
 */
export { openTranslator, type BrowserTranslatorOptions } from './browser/open-translator.js';
export {
  useBrowserBackend,
  BROWSER_BACKENDS,
  type BrowserBackendName,
  type BrowserBackendOptions,
  type BrowserBackend,
} from './browser/browser-backend.js';
export { readModelBytes, type ModelSource, type ProgressCallback } from './browser/model-source.js';
export type { OpenedTranslator } from './models/open-translator.js';
export type { DecodeOptions } from './decode/options.js';
export { attentionSvg, type AttentionPicture } from './decode/attention-svg.js';
export * from './errors.js';
