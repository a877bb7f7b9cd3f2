/** Test helper: the shipped en-es model behind a real server on a free loopback port. */
import type { FastifyInstance } from 'fastify';
import { DEFAULTS, resolveDecodeOptions } from '../../lib/decode/options.js';
import { buildServer } from '../../server/app.js';
import { LocalBackend, type LocalBackendOptions } from '../../server/local-backend.js';
import { loadServedModels, type ModelSpec } from '../../server/load-models.js';
import { ServerMetrics } from '../../server/metrics.js';
import { DEFAULT_LIMITS, type ServerLimits, type ServerOptions } from '../../server/options.js';

export const MODEL = 'fixtures/models/en-es.s2s';

export interface StartedServer {
  url: string;
  app: FastifyInstance;
  backend: LocalBackend;
  metrics: ServerMetrics;
  logLines: string[];
}

export interface StartOptions {
  limits?: Partial<ServerLimits>;
  backend?: Partial<LocalBackendOptions>;
  server?: Partial<Omit<ServerOptions, 'limits'>>;
  /** The model files to serve (default: the shipped en-es model). */
  models?: ModelSpec[];
}

/** Greedy decoding (beam 1) by default, to keep the specs fast. */
export async function startServer(options: StartOptions = {}): Promise<StartedServer> {
  const metrics = new ServerMetrics({ processMetrics: false });
  const logLines: string[] = [];
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const backend = new LocalBackend(await loadServedModels(options.models ?? [{ path: MODEL }]), {
    batch: { maxTokens: 2048, maxSentences: 64, maxWait: 10 },
    maxQueue: 256,
    maxServices: 4,
    maxSourceTokens: 128,
    retryAfter: limits.retryAfter,
    onBatch: metrics.observeBatch,
    ...options.backend,
  });
  const app = await buildServer(
    backend,
    {
      limits,
      decodeDefaults: resolveDecodeOptions({ ...DEFAULTS, beamSize: 1 }),
      log: { write: (line: string) => logLines.push(line) },
      ...options.server,
    },
    metrics,
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, app, backend, metrics, logLines };
}

/** One native result (a translation, or an error in its place). */
export interface NativeResult {
  id: string | number | null;
  translation: string;
  score: number;
  tokens: number;
  nbest: { text: string; score: number; logProb: number }[];
  alignment?: number[];
  error?: { code: string; message: string };
}

/** What the server's JSON answers may hold (LibreTranslate, native, errors). */
export interface ApiBody {
  error: string;
  code: string;
  translatedText: string & string[];
  alternatives: string[];
  options: Record<string, unknown>;
  results: NativeResult[];
}

/** POST JSON; returns status, headers and the parsed body. */
export async function postJson(
  url: string,
  body: unknown,
): Promise<{ status: number; headers: Headers; body: ApiBody }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as ApiBody };
}
