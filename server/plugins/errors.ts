/**
 * Every error becomes JSON `{ "error": message, "code": … }` — LibreTranslate's `{error}` shape, with a stable code
 * for programs — and the status that says what went wrong: 400 malformed JSON, schema violations and bad options,
 * 403 bad API key, 404 unknown route, 413 too large (body, lines, characters), 415 unsupported content type, 503
 * overloaded with `Retry-After`, 500 anything else.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { S2SError } from '../../lib/errors.js';
import { RequestError } from '../errors.js';
import type { ServerMetrics } from '../metrics.js';

interface Answer {
  status: number;
  code: string;
  message: string;
  retryAfter?: number;
}

/** Status, code and message for any thrown value. */
export function answerFor(err: unknown): Answer {
  if (err instanceof RequestError)
    return {
      status: err.status,
      code: err.code,
      message: err.message,
      ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
    };
  const fe = err as Partial<FastifyError>;
  if (fe.validation !== undefined)
    return { status: 400, code: 'E_INVALID_REQUEST', message: `Invalid request: ${fe.message ?? 'schema violation'}` };
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return {
      status: 413,
      code: 'E_BODY_TOO_LARGE',
      message: `request body too large: ${fe.message ?? ''}; send less text per request`,
    };
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return {
      status: 400,
      code: 'E_INVALID_JSON',
      message: `Invalid request: malformed JSON body (${fe.message ?? ''})`,
    };
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return {
      status: 415,
      code: 'E_MEDIA_TYPE',
      message: `${fe.message ?? 'unsupported content type'}: send application/json or application/x-www-form-urlencoded`,
    };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return { status: fe.statusCode, code: fe.code ?? 'E_INVALID_REQUEST', message: fe.message ?? 'bad request' };
  if (err instanceof S2SError) return { status: 500, code: err.code, message: err.message };
  return { status: 500, code: 'E_INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

export const errorsPlugin = fp(async (app: FastifyInstance, options: { metrics: ServerMetrics }) => {
  app.setErrorHandler(async (err, _request, reply) => {
    const answer = answerFor(err);
    if (answer.code === 'E_OVERLOADED') options.metrics.rejected.inc();
    if (answer.retryAfter !== undefined) void reply.header('retry-after', String(answer.retryAfter));
    return reply.status(answer.status).send({ error: answer.message, code: answer.code });
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply.status(404).send({
      error: `no route ${request.method} ${request.url}; see GET /v1/pairs and the README's endpoint list`,
      code: 'E_NOT_FOUND',
    }),
  );
});
