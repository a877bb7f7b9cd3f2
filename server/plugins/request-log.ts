/**
 * Per-request bookkeeping: one JSON log line per answered request (`time, method, url, route, status, ms, lines`)
 * and the request counters and latency histogram. Routes note how many lines a request carried with `noteLines`.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerMetrics } from '../metrics.js';

const lineCounts = new WeakMap<FastifyRequest, number>();

/** Records how many lines `request` carried (for its log line). */
export function noteLines(request: FastifyRequest, lines: number): void {
  lineCounts.set(request, (lineCounts.get(request) ?? 0) + lines);
}

export interface RequestRecord {
  method: string;
  url: string;
  route: string;
  status: number;
  ms: number;
  lines?: number;
}

export interface RequestLogOptions {
  metrics: ServerMetrics;
  /** Log sink; undefined = no log lines (`--quiet`). */
  log?: { write(line: string): unknown };
}

/** Counts and (optionally) logs one finished request or WebSocket session. */
export function recordRequest(options: RequestLogOptions, record: RequestRecord): void {
  options.metrics.requests.inc({ route: record.route, method: record.method, status: String(record.status) });
  options.metrics.latency.observe({ route: record.route }, record.ms / 1000);
  options.log?.write(
    `${JSON.stringify({ time: new Date().toISOString(), ...record, ms: Math.round(record.ms * 10) / 10 })}\n`,
  );
}

export const requestLogPlugin = fp(async (app: FastifyInstance, options: RequestLogOptions) => {
  app.addHook('onResponse', async (request, reply) => {
    const lines = lineCounts.get(request);
    recordRequest(options, {
      method: request.method,
      url: request.url,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      ms: reply.elapsedTime,
      ...(lines === undefined ? {} : { lines }),
    });
  });
});
