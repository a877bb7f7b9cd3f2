/**
 * Bounded connection timeouts, so that a client cannot hold a socket by sending nothing, or half a request head, or
 * half a body (slowloris). One value, `idleMs` (`--idle-timeout`), bounds the client's part of every exchange:
 *
 * - a connection that sends nothing for `idleMs` is closed (socket inactivity: fastify's `connectionTimeout`);
 * - a request head must be complete `idleMs` after it began, however slowly it trickles in (Node's
 *   `headersTimeout`: 408 and close; checked every `min(idleMs / 2, 30 s)`);
 * - a body that stalls for `idleMs`, or is still incomplete `idleMs` after its head (trickled in), is closed;
 * - a kept-alive connection idle for `idleMs` between requests is closed (`keepAliveTimeout`; Node adds 1 s).
 *
 * The server's own time does not count: from the handler's start (the body has been parsed) until the answer has
 * been written the socket has no inactivity timeout, so a long translation is not cut, nor an NDJSON stream (its body
 * is read by the handler) or a WebSocket session (ws clears the timeout on upgrade). There is no total-request
 * timeout (Node's `requestTimeout` stays 0): it would cut a long stream while it is active.
 */
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';

/** Node checks head deadlines every 30 s by default; a shorter timeout is checked twice per period. */
const CHECK_INTERVAL_MAX = 30_000;

/** The fastify options that set the timeouts (pass them to `Fastify(…)`). */
export function timeoutOptions(idleMs: number): Pick<
  FastifyServerOptions,
  'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout'
> & {
  http: { headersTimeout: number; connectionsCheckingInterval: number };
} {
  return {
    connectionTimeout: idleMs,
    keepAliveTimeout: idleMs,
    requestTimeout: 0,
    http: {
      headersTimeout: idleMs,
      connectionsCheckingInterval: Math.min(CHECK_INTERVAL_MAX, Math.ceil(idleMs / 2)),
    },
  };
}

/**
 * Hooks that bound the body and stop the clock while the server works: a body must be in `idleMs` after its head
 * (`onRequest` → `preHandler`; however slowly it trickles, else the connection is closed), the inactivity timeout
 * is off while the server works on the request (from `preHandler`: the head and body are in) and on again once the
 * answer is written (unless Node already set the keep-alive timeout, or the socket was handed to a WebSocket).
 */
export function clientTimeouts(app: FastifyInstance, idleMs: number): void {
  /** Each request's body deadline, until its handler starts. */
  const deadlines = new WeakMap<FastifyRequest, NodeJS.Timeout>();
  const bodyIn = (request: FastifyRequest): void => {
    clearTimeout(deadlines.get(request));
    deadlines.delete(request);
  };
  app.addHook('onRequest', async (request) => {
    const socket = request.raw.socket;
    deadlines.set(request, setTimeout(() => socket?.destroy(), idleMs).unref());
  });
  app.addHook('preHandler', async (request) => {
    bodyIn(request);
    request.raw.socket?.setTimeout(0);
  });
  app.addHook('onResponse', async (request) => {
    bodyIn(request);
    const socket = request.raw.socket;
    if (socket && !socket.destroyed && !request.ws && !socket.timeout) socket.setTimeout(idleMs);
  });
  app.addHook('onRequestAbort', async (request) => bodyIn(request));
}
