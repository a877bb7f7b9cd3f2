/**
 * `GET /v1/stream?source=en&target=es&beam-size=1…` (WebSocket): interactive streaming. Each text message is one
 * line, a JSON record `{"id","text"}`; each is answered by one message, the native record (`{id, translation, score,
 * nbest, …}` or `{id, error}`), in the order the lines were sent, as soon as it is ready. A message that is not a
 * valid record is answered by an error record in its place. With `maxLines` lines unanswered (translating, or answers
 * the client has not read yet) the socket is not read; a line that still arrives beyond them is answered by an
 * `E_OVERLOADED` error record in its place. Closing the socket frees the session's queued lines. On server shutdown a
 * session stops taking lines (those get an error record `E_SHUTTING_DOWN`), answers the ones it has, then closes
 * with code 1001. A session opened while `maxStreams` are open is refused (an `E_OVERLOADED` record, close 1013 "try
 * again later"); one that sends no line for `streamIdleTimeout` ms while none is in flight gets an `E_IDLE_TIMEOUT`
 * record and is closed with code 1000.
 */
import { Subject, type Observable } from 'rxjs';
import type { TranslationResult } from '../../pipelines/translate.js';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { parseJsonLine } from '../../pipelines/formats/jsonl.js';
import type { LineInput } from '../../pipelines/types.js';
import { toFailure } from '../../pipelines/types.js';
import type { TranslationBackend } from '../backend.js';
import type { DecodeOptions } from '../../lib/decode/options.js';
import { decodeQueryProperties, resolveDecodeOptions } from '../decode-schema.js';
import { RequestError } from '../errors.js';
import type { ServerOptions } from '../options.js';
import { answerFor } from '../plugins/errors.js';
import { recordRequest, type RequestLogOptions } from '../plugins/request-log.js';
import { admit, nativeRecord, recordJson, whileQueueHasRoom } from '../translate-call.js';
import { resolvePair } from './libretranslate.js';
import { limitLine } from './native-stream.js';
import type { StreamSessions } from '../stream-sessions.js';
import { IdleTimer } from '../idle-timer.js';

export function webSocketRoutes(
  backend: TranslationBackend,
  options: ServerOptions,
  sessions: StreamSessions,
  log: RequestLogOptions,
) {
  const allowed = new Set([
    'source',
    'target',
    ...Object.keys(decodeQueryProperties(options.decodeDefaults, options.limits.maxBeamSize)),
  ]);
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: Record<string, unknown> & { source?: string; target?: string } }>(
      '/v1/stream',
      { websocket: true },
      (socket: WebSocket, request) => {
        const started = performance.now();
        let lines = 0;
        let status = 101;
        const finish = (): void =>
          recordRequest(log, {
            method: 'GET',
            url: request.url,
            route: '/v1/stream',
            status,
            ms: performance.now() - started,
            lines,
          });
        const input = new Subject<LineInput>();
        let decode: DecodeOptions;
        let translation: Observable<TranslationResult>;
        try {
          const unknown = Object.keys(request.query).filter((key) => !allowed.has(key));
          if (unknown.length > 0)
            throw new RequestError(
              400,
              'E_INVALID_REQUEST',
              `Invalid request: unknown query parameter ${unknown.join(', ')} (allowed: ${[...allowed].join(', ')})`,
            );
          const pair = resolvePair(backend, String(request.query.source ?? 'auto'), String(request.query.target ?? ''));
          decode = resolveDecodeOptions(options.decodeDefaults, request.query, options.limits.maxBeamSize);
          admit(backend, 1, options.limits.retryAfter);
          sessions.checkRoom();
          translation = backend.translate(pair, input.pipe(whileQueueHasRoom(backend)), { options: decode });
        } catch (err) {
          const answer = answerFor(err);
          status = answer.status;
          if (answer.code === 'E_OVERLOADED') log.metrics.rejected.inc(); // as the error handler counts HTTP refusals
          socket.send(JSON.stringify({ id: null, error: { code: answer.code, message: answer.message } }));
          socket.close(answer.status === 503 ? 1013 : 1008, answer.code);
          finish();
          return;
        }
        // lines taken whose answer is not yet written to the socket; at `maxLines` the socket is not read until the
        // client has read answers (ws's send callback: the answer left the process), so a client that sends without
        // reading makes the server wait, not buffer
        let unanswered = 0;
        const idle = new IdleTimer(options.limits.streamIdleTimeout, () => {
          const message = `no line came for ${options.limits.streamIdleTimeout} ms, so the session was closed; open a new one to go on`;
          socket.send(JSON.stringify({ id: null, error: { code: 'E_IDLE_TIMEOUT', message } }));
          socket.close(1000, 'idle timeout');
        });
        const answered = (): void => {
          idle.lineOut();
          unanswered--;
          if (unanswered < options.limits.maxLines && socket.isPaused) socket.resume();
        };
        let draining = false;
        let resolveDone: () => void = () => undefined;
        const done = new Promise<void>((resolve) => (resolveDone = resolve));
        const subscription = translation.subscribe({
          next: (result) => {
            socket.send(recordJson(nativeRecord(result, decode)), answered);
          },
          error: (err: unknown) => {
            socket.send(JSON.stringify({ id: null, error: toFailure(err, 'E_STREAM_FAILED') }));
            socket.close(1011, 'translation failed');
            resolveDone();
          },
          complete: () => {
            socket.close(1001, 'server shutting down');
            resolveDone();
          },
        });
        const forget = sessions.add(async () => {
          draining = true;
          input.complete();
          await done;
        });
        socket.on('message', (data, isBinary) => {
          lines++;
          if (draining) {
            socket.send(
              JSON.stringify({
                id: null,
                error: { code: 'E_SHUTTING_DOWN', message: 'the server is shutting down: this line was not accepted' },
              }),
            );
            return;
          }
          unanswered++;
          idle.lineIn();
          if (unanswered >= options.limits.maxLines) socket.pause();
          const text = isBinary ? '' : data.toString();
          const line: LineInput =
            unanswered > options.limits.maxLines
              ? {
                  error: {
                    code: 'E_OVERLOADED',
                    message: `more than ${options.limits.maxLines} lines unanswered on this connection; wait for answers before sending more`,
                  },
                }
              : limitLine(parseJsonLine(text), options.limits.maxChars);
          input.next(line);
        });
        socket.on('close', () => {
          idle.stop();
          subscription.unsubscribe(); // frees the session's queued lines
          forget();
          resolveDone();
          finish();
        });
      },
    );
  };
}
