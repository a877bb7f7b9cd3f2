/**
 * Types for the untyped `sentencepiece-js` package (1.1): only the class is declared; its `sentencepiece` field
 * (the emscripten module) is typed in wasm-module.ts.
 */
declare module 'sentencepiece-js' {
  export class SentencePieceProcessor {
    /** Reads a model file (a path, or a `file:` URL) from disk into the wasm FS and loads it (failures are not reported). */
    load(path: string | URL): Promise<void>;
    /** The emscripten module, available after `load`. */
    readonly sentencepiece: unknown;
    encodeIds(text: string): number[];
    encodePieces(text: string): string[];
    decodeIds(ids: number[]): string;
  }
  export function cleanText(text: string): string;
  const _default: { SentencePieceProcessor: typeof SentencePieceProcessor; cleanText: typeof cleanText };
  export default _default;
}
