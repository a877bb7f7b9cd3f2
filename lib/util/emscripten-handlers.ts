/**
 * Emscripten-generated glue (tfjs-backend-wasm, sentencepiece-js) installs process-wide `uncaughtException` /
 * `unhandledRejection` handlers that rethrow every uncaught error with the glue's own minified, one-line source
 * (tens to hundreds of kB) as context. `withoutNewProcessHandlers` runs a loader and takes off whatever handlers it
 * added, so errors anywhere in the process print normally. Outside Node (a browser, a Web Worker) there is no
 * `process` and the glue adds no such handlers: the loader just runs.
 */
export async function withoutNewProcessHandlers<T>(load: () => Promise<T>): Promise<T> {
  if (typeof process === 'undefined' || typeof process.listeners !== 'function') return load();
  const before = {
    uncaughtException: process.listeners('uncaughtException'),
    unhandledRejection: process.listeners('unhandledRejection'),
  };
  try {
    return await load();
  } finally {
    for (const listener of process.listeners('uncaughtException')) {
      if (!before.uncaughtException.includes(listener)) process.removeListener('uncaughtException', listener);
    }
    for (const listener of process.listeners('unhandledRejection')) {
      if (!before.unhandledRejection.includes(listener)) process.removeListener('unhandledRejection', listener);
    }
  }
}
