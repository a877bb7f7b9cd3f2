/**
 * Where a model comes from in a browser: a URL (fetched, with download progress), an `ArrayBuffer`, a typed array
 * or a `Blob` (e.g. a `File` from an `<input type="file">`). Uses only web-platform APIs (`fetch`, `Blob`), which
 * Node ≥ 20 has too.
 *
 * @example
 * const bytes = await readModelBytes('models/en-es.s2s', (loaded, total) => showProgress(loaded, total));
 * const bytes2 = await readModelBytes(fileInput.files![0]!); // a File from <input type="file">
 */
import { CheckpointError } from '../errors.js';

export type ModelSource = string | URL | ArrayBuffer | Uint8Array | Blob;

/** Download progress: `total` is the `Content-Length`, or undefined when the server did not send one. */
export type ProgressCallback = (loaded: number, total: number | undefined) => void;

/** A short name for the source, used in error messages. */
export function describeSource(source: ModelSource): string {
  if (typeof source === 'string' || source instanceof URL) return String(source);
  if (source instanceof Blob)
    return 'name' in source && typeof source.name === 'string' ? source.name : `Blob (${source.size} bytes)`;
  return `ArrayBuffer (${source.byteLength} bytes)`;
}

/**
 * The model file's bytes.
 * @throws CheckpointError E_CHECKPOINT_MISSING when the URL cannot be fetched or answers with an HTTP error.
 */
export async function readModelBytes(source: ModelSource, onProgress?: ProgressCallback): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (source instanceof Blob) return new Uint8Array(await source.arrayBuffer());
  return fetchWithProgress(source, onProgress);
}

async function fetchWithProgress(url: string | URL, onProgress?: ProgressCallback): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new CheckpointError(
      'E_CHECKPOINT_MISSING',
      `cannot fetch the model from ${String(url)} (${err instanceof Error ? err.message : String(err)}): check the URL and that the server allows this origin`,
      { details: { url: String(url) }, cause: err },
    );
  }
  if (!response.ok) {
    throw new CheckpointError(
      'E_CHECKPOINT_MISSING',
      `fetching the model from ${String(url)} answered HTTP ${response.status} ${response.statusText}: check the URL (s2s web build puts the model next to the page as model.s2s)`,
      { details: { url: String(url), status: response.status } },
    );
  }
  const header = response.headers.get('content-length');
  const total = header === null ? undefined : Number(header);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress?.(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
