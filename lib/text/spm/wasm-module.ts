/**
 * Typed view of the WebAssembly module inside `sentencepiece-js`, and a loader that builds a processor from model
 * bytes held in memory (no temporary files on disk).
 *
 * The package's own `SentencePieceProcessor.load(path)` reads a file from disk and then writes it into the
 * emscripten in-memory file system. We call it once, on a file that is certainly present (this module's own source),
 * only to obtain the emscripten module instance (`.sentencepiece`); the bogus model fails to load harmlessly. After
 * that every model is written straight into the in-memory FS under a fresh name, loaded by a processor of our own,
 * and unlinked again. One wasm instance serves all tokenizers of the process. The bootstrap file is given as a
 * `file:` URL object (Node's `fs.readFileSync` accepts one), so this module imports no Node built-in; browser
 * bundles replace the package's `fs` with a stub (web/build/sentencepiece-browser.ts) and never read it.
 */
import spmPackage from 'sentencepiece-js';
import { DataError } from '../../errors.js';
import { withoutNewProcessHandlers } from '../../util/emscripten-handlers.js';

/** An embind object that owns C++ memory and must be freed with `delete()`. */
export interface EmbindHandle {
  delete(): void;
}

/** `absl::string_view` over a `StringView`'s bytes (text is passed in as UTF-8). */
export type AbslStringView = EmbindHandle;

export interface StringViewHandle extends EmbindHandle {
  getView(): AbslStringView;
}

export interface StatusHandle extends EmbindHandle {
  /** `"OK"` on success, else the C++ error message. */
  ToString(): string;
}

export interface VectorHandle<T> extends EmbindHandle {
  size(): number;
  get(index: number): T;
}

/** The embind surface of `sentencepiece::SentencePieceProcessor` compiled into `sentencepiece-js` 1.1. */
export interface ProcessorHandle extends EmbindHandle {
  Load(path: AbslStringView): StatusHandle;
  EncodeAsIds(text: AbslStringView): VectorHandle<number>;
  EncodeAsPieces(text: AbslStringView): VectorHandle<string>;
  /** Returns '' (swallowing the error) when any id is out of range: callers must check ids first. */
  DecodeIds(ids: VectorHandle<number>): string;
  PieceToId(piece: AbslStringView): number;
}

/** The parts of the emscripten module used here. */
export interface SpmWasmModule {
  FS: {
    writeFile(path: string, data: Uint8Array): void;
    unlink(path: string): void;
  };
  StringView: new (text: string) => StringViewHandle;
  SentencePieceProcessor: new () => ProcessorHandle;
  vecFromJSArray(values: readonly number[]): VectorHandle<number>;
}

let modulePromise: Promise<SpmWasmModule> | undefined;
let nextFileId = 0;

/** The process-wide emscripten module (instantiated on first use). */
export function spmWasmModule(): Promise<SpmWasmModule> {
  modulePromise ??= (async () => {
    const bootstrap = new spmPackage.SentencePieceProcessor();
    // see lib/util/emscripten-handlers.ts: the glue's process handlers would print its 750 kB source on any error
    await withoutNewProcessHandlers(() => bootstrap.load(new URL(import.meta.url)));
    return bootstrap.sentencepiece as SpmWasmModule;
  })();
  return modulePromise;
}

/** Runs `fn` with an `absl::string_view` of `text`, freeing both C++ objects afterwards. */
export function withView<T>(module: SpmWasmModule, text: string, fn: (view: AbslStringView) => T): T {
  const holder = new module.StringView(text);
  const view = holder.getView();
  try {
    return fn(view);
  } finally {
    view.delete();
    holder.delete();
  }
}

/** Copies an embind vector into a JS array and frees it. */
export function drainVector<T>(vector: VectorHandle<T>): T[] {
  try {
    const out = new Array<T>(vector.size());
    for (let i = 0; i < out.length; i++) out[i] = vector.get(i);
    return out;
  } finally {
    vector.delete();
  }
}

/**
 * Builds a processor from serialized model bytes via the in-memory FS.
 * @throws DataError E_TOKENIZER_MODEL when the bytes are not a SentencePiece model.
 */
export async function processorFromBytes(
  bytes: Uint8Array,
): Promise<{ module: SpmWasmModule; processor: ProcessorHandle }> {
  const module = await spmWasmModule();
  const path = `/s2s-model-${nextFileId++}.model`;
  module.FS.writeFile(path, bytes);
  const processor = new module.SentencePieceProcessor();
  try {
    const status = withView(module, path, (view) => processor.Load(view));
    const message = status.ToString();
    status.delete();
    if (message !== 'OK') {
      processor.delete();
      throw new DataError(
        'E_TOKENIZER_MODEL',
        `expected SentencePiece model bytes (a serialized ModelProto), but loading ${bytes.length} bytes failed: ${message}. Pass the PREFIX.model file written by spm_train (or trainSentencePiece).`,
        { bytes: bytes.length, status: message },
      );
    }
    return { module, processor };
  } finally {
    module.FS.unlink(path);
  }
}
