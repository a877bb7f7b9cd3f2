/**
 * The native API (`/v1`), for what LibreTranslate cannot express:
 *
 * - `GET /v1/pairs` → `{ pairs: [{ source, target, lm }], defaults: DecodeOptions, limits }`
 * - `POST /v1/translate` `{ source, target, lines: string[], options?: { beamSize, nBest, alignment, … } }` →
 *   `{ source, target, options, results: [{ id, translation, score, logProb, tokens, nbest: [{ text, score, logProb }],
 *   alignment? } | { id, error: { code, message } }] }`, one result per line, in order; a line that fails gets an
 *   error record in its place and the others are still answered.
 *
 * `options` takes every decoding option of `s2s translate` (camelCase), checked by a schema generated from the CLI's
 * declaration and by the CLI's validator; unset fields take the server's defaults (the CLI's, unless `s2s serve` was
 * started with others).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TranslationBackend } from '../backend.js';
import { decodeBodySchema, resolveDecodeOptions } from '../decode-schema.js';
import type { ServerOptions } from '../options.js';
import { noteLines } from '../plugins/request-log.js';
import { admit, checkLines, checkTexts, disconnectSignal, nativeRecord, translateAll } from '../translate-call.js';
import { resolvePair } from './libretranslate.js';

interface NativeBody {
  source: string;
  target: string;
  lines: string[];
  options?: Record<string, unknown>;
}

export function nativeRoutes(backend: TranslationBackend, options: ServerOptions) {
  const schema = {
    body: {
      type: 'object',
      required: ['target', 'lines'],
      additionalProperties: false,
      properties: {
        source: {
          type: 'string',
          default: 'auto',
          description: 'source language code (auto: the only one served for target)',
        },
        target: { type: 'string' },
        lines: { type: 'array', items: { type: 'string' }, description: 'one sentence or paragraph per entry' },
        options: decodeBodySchema(options.decodeDefaults, options.limits.maxBeamSize),
      },
    },
  };
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/v1/pairs', async () => ({
      pairs: backend.pairs(),
      defaults: options.decodeDefaults,
      limits: options.limits,
    }));

    const preValidation = async (request: FastifyRequest): Promise<void> =>
      checkTexts('lines', (request.body as { lines?: unknown } | null)?.lines, false);
    app.post<{ Body: NativeBody }>('/v1/translate', { schema, preValidation }, async (request, reply) => {
      const body = request.body;
      const pair = resolvePair(backend, body.source, body.target);
      const decode = resolveDecodeOptions(options.decodeDefaults, body.options ?? {}, options.limits.maxBeamSize);
      checkLines(body.lines, options.limits);
      noteLines(request, body.lines.length);
      admit(backend, body.lines.length, options.limits.retryAfter);
      const results = await translateAll(backend, pair, body.lines, decode, disconnectSignal(reply));
      return { ...pair, options: decode, results: results.map((r) => nativeRecord(r, decode)) };
    });
  };
}
