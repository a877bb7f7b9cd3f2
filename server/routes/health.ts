/**
 * `GET /health`: the process is up (200; a remote backend's connection state alongside, e.g. `redis`). `GET /ready`:
 * pairs are served, the queue has room and a remote backend is connected (else 503). `GET /metrics`: Prometheus.
 */
import type { FastifyInstance } from 'fastify';
import type { TranslationBackend } from '../backend.js';
import type { ServerMetrics } from '../metrics.js';

export function healthRoutes(backend: TranslationBackend, metrics: ServerMetrics) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/health', async () => ({ status: 'ok', ...backend.status?.().details }));
    app.get('/ready', async (_request, reply) => {
      const pairs = backend.pairs();
      const load = backend.load();
      const status = backend.status?.();
      const ready = pairs.length > 0 && load.queued < load.capacity && (status?.ok ?? true);
      return reply.status(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not ready',
        pairs: pairs.map((p) => `${p.source}-${p.target}`),
        queued: load.queued,
        capacity: load.capacity,
        ...status?.details,
      });
    });
    app.get('/metrics', async (_request, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
    );
  };
}
