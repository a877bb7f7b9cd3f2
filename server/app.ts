/**
 * Builds the HTTP server around a `TranslationBackend`: fastify with JSON schemas on every route, form bodies
 * (@fastify/formbody, for LibreTranslate clients), WebSocket (@fastify/websocket), the error, request-log and metrics
 * plugins, the idle timeouts (server/timeouts.ts), and the routes (health, LibreTranslate, native, NDJSON and WebSocket
 * streaming). The backend is closed by an `onClose` hook, i.e. after the last accepted request was answered; `--web
 * DIR` is served at `/`.
 *
 * @example
 * const metrics = new ServerMetrics();
 * const backend = new LocalBackend(await loadServedModels([{ path: 'en-es.s2s' }]), { …, onBatch: metrics.observeBatch });
 * const app = await buildServer(backend, { limits: DEFAULT_LIMITS, decodeDefaults: DEFAULTS }, metrics);
 * await app.listen({ host: '127.0.0.1', port: 5000 });
 */
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import websocket from '@fastify/websocket';
import type { TranslationBackend } from './backend.js';
import { ServerMetrics } from './metrics.js';
import type { ServerOptions } from './options.js';
import { errorsPlugin } from './plugins/errors.js';
import { requestLogPlugin } from './plugins/request-log.js';
import { healthRoutes } from './routes/health.js';
import { libreTranslateRoutes } from './routes/libretranslate.js';
import { nativeRoutes } from './routes/native.js';
import { nativeStreamRoutes } from './routes/native-stream.js';
import { webSocketRoutes } from './routes/websocket.js';
import { StreamSessions } from './stream-sessions.js';
import { clientTimeouts, timeoutOptions } from './timeouts.js';

export async function buildServer(
  backend: TranslationBackend,
  options: ServerOptions,
  metrics: ServerMetrics = new ServerMetrics(),
): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: options.limits.bodyLimit,
    logger: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ...timeoutOptions(options.limits.idleTimeout),
    ajv: { customOptions: { removeAdditional: false } },
  });
  const sessions = new StreamSessions(options.limits.maxStreams, options.limits.retryAfter);
  const log = { metrics, ...(options.log === undefined ? {} : { log: options.log }) };
  metrics.watchQueue(backend);
  metrics.watchStreams(sessions);
  clientTimeouts(app, options.limits.idleTimeout);

  await app.register(errorsPlugin, { metrics });
  await app.register(requestLogPlugin, log);
  await app.register(formbody, { bodyLimit: options.limits.bodyLimit });
  await app.register(websocket, {
    options: { maxPayload: options.limits.maxChars * 4 + 1024 },
    preClose: async () => sessions.drainAll(),
  });
  await app.register(healthRoutes(backend, metrics));
  await app.register(libreTranslateRoutes(backend, options));
  await app.register(nativeRoutes(backend, options));
  await app.register(nativeStreamRoutes(backend, options, sessions));
  await app.register(webSocketRoutes(backend, options, sessions, log));
  if (options.webDir !== undefined) {
    const { default: serveStatic } = await import('@fastify/static');
    await app.register(serveStatic, { root: options.webDir, prefix: '/' });
  }
  // Closing: answers to the requests still in flight say `Connection: close`, so their kept-alive connections end with
  // them (Node closes only idle connections on close; the others would hold the exit for the 72 s keep-alive timeout).
  let closing = false;
  app.addHook('preClose', async () => void (closing = true));
  app.addHook('onSend', async (_request, reply) => void (closing && reply.header('connection', 'close')));
  app.addHook('onClose', async () => backend.close());
  return app;
}
