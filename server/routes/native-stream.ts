/**
 * `POST /v1/translate/stream?source=en&target=es&beam-size=1…`: NDJSON streaming over HTTP. The body is read as it
 * arrives — `text/plain` (one line per line) or `application/x-ndjson` (`{"id","text"}` per line) — and each input
 * line is answered by one `application/x-ndjson` line (the native record), in input order, written as soon as it is
 * ready. Memory is bounded: reading pauses while `maxLines` lines are in flight (read and not yet written to the
 * response), and while the client reads the answers slower than they come. A line longer than `maxChars`, or
 * an unparsable record, gets an error record in its place; the stream goes on (a line past 4 × `maxChars` bytes
 * stops the stream with a final `{"id":null,"error"}` record). The stream is admitted when the
 * queue has room and fewer than `maxStreams` streams are open (else 503 + `Retry-After`); a client that disconnects
 * frees its queued lines. On shutdown the stream reads no more of the body, answers the lines it has read and ends
 * with `{"id":null,"error":{"code":"E_SHUTTING_DOWN"}}`, so a client that never ends its body cannot hold the server
 * up; a stream whose client sends no line for `streamIdleTimeout` ms while none is in flight ends the same way, with
 * `E_IDLE_TIMEOUT`.
 */
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { map, Observable } from 'rxjs';
import type { FastifyInstance } from 'fastify';
import { Credits } from '../../pipelines/credits.js';
import { parseJsonLine } from '../../pipelines/formats/jsonl.js';
import { linesFrom } from '../../pipelines/node/read-lines.js';
import type { LineInput } from '../../pipelines/types.js';
import { toFailure } from '../../pipelines/types.js';
import type { TranslationBackend } from '../backend.js';
import { decodeQueryProperties, resolveDecodeOptions } from '../decode-schema.js';
import type { ServerOptions } from '../options.js';
import { noteLines } from '../plugins/request-log.js';
import { admit, disconnectSignal, nativeRecord, recordJson, whileQueueHasRoom } from '../translate-call.js';
import type { StreamSessions } from '../stream-sessions.js';
import { IdleTimer } from '../idle-timer.js';
import { RequestError } from '../errors.js';
import { resolvePair } from './libretranslate.js';

/** Query string of the streaming endpoints: the pair and kebab-case decoding options. */
export function streamQuerySchema(options: ServerOptions): object {
  return {
    type: 'object',
    required: ['target'],
    additionalProperties: false,
    properties: {
      source: { type: 'string', default: 'auto' },
      target: { type: 'string' },
      ...decodeQueryProperties(options.decodeDefaults, options.limits.maxBeamSize),
    },
  };
}

/** A line input, or an error record in its place when the line is longer than `maxChars`. */
export function limitLine(line: LineInput, maxChars: number): LineInput {
  if (typeof line === 'string' && line.length > maxChars)
    return {
      error: {
        code: 'E_LINE_TOO_LONG',
        message: `line has ${line.length} characters, at most ${maxChars} are accepted; split it`,
      },
    };
  if (typeof line === 'object' && 'text' in line && line.text.length > maxChars) {
    return {
      ...(line.id === undefined ? {} : { id: line.id }),
      error: {
        code: 'E_LINE_TOO_LONG',
        message: `line has ${line.text.length} characters, at most ${maxChars} are accepted; split it`,
      },
    };
  }
  return line;
}

/**
 * The request body's chunks, failing with 413 once a line grows past `maxBytes` without a newline, so one endless
 * line cannot fill the memory before the per-line character limit sees it.
 */
export async function* boundedLines(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let sinceNewline = 0;
  for await (const chunk of source) {
    const last = chunk.lastIndexOf(10); // '\n'
    sinceNewline = last < 0 ? sinceNewline + chunk.length : chunk.length - last - 1;
    if (sinceNewline > maxBytes)
      throw new RequestError(
        413,
        'E_LINE_TOO_LONG',
        `a line exceeds ${maxBytes} bytes; the stream was stopped here (at most ${maxBytes / 4} characters per line)`,
      );
    yield chunk;
  }
}

/**
 * `lines` until `stop` aborts, then a completed input: the lines read so far are answered, no more are read. The
 * source (the request body) is torn down only when `release` resolves (the response has closed), because tearing
 * it down destroys the request and with it the connection the remaining answers are written on.
 */
function untilStopped<T>(lines: Observable<T>, stop: AbortSignal, release: Promise<void>): Observable<T> {
  return new Observable<T>((subscriber) => {
    // a separate subscriber (not `subscriber` itself), so completing the output does not unsubscribe the source
    const source = lines.subscribe({
      next: (line) => subscriber.next(line),
      error: (err: unknown) => subscriber.error(err),
      complete: () => subscriber.complete(),
    });
    const onStop = (): void => subscriber.complete();
    stop.addEventListener('abort', onStop, { once: true });
    return () => {
      stop.removeEventListener('abort', onStop);
      if (stop.aborted) void release.then(() => source.unsubscribe());
      else source.unsubscribe();
    };
  });
}

/** Why a stream stopped reading before its body ended. */
type StopReason = 'shutdown' | 'idle';

/** The last record of a stream stopped by shutdown, or by its client's silence. */
function stoppedRecord(
  reason: StopReason,
  answered: number,
  idleMs: number,
): { id: null; error: { code: string; message: string } } {
  if (reason === 'idle')
    return {
      id: null,
      error: {
        code: 'E_IDLE_TIMEOUT',
        message: `no line came for ${idleMs} ms, so the stream was closed after answering ${answered} lines; open a new one to go on`,
      },
    };
  return {
    id: null,
    error: {
      code: 'E_SHUTTING_DOWN',
      message: `the server is shutting down: the ${answered} lines above were answered and no more of the body was read; send the lines after them again`,
    },
  };
}

export function nativeStreamRoutes(backend: TranslationBackend, options: ServerOptions, sessions: StreamSessions) {
  return async (app: FastifyInstance): Promise<void> => {
    // the body stays a stream here (this plugin's scope only)
    app.addContentTypeParser(['text/plain', 'application/x-ndjson'], (_request, payload, done) => done(null, payload));
    // any other type reaches the handler too, which names the two it reads (JSON is parsed by fastify's own parser)
    app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    app.post<{ Querystring: Record<string, unknown> & { source: string; target: string } }>(
      '/v1/translate/stream',
      { schema: { querystring: streamQuerySchema(options) } },
      async (request, reply) => {
        const pair = resolvePair(backend, request.query.source, request.query.target);
        const decode = resolveDecodeOptions(options.decodeDefaults, request.query, options.limits.maxBeamSize);
        admit(backend, 1, options.limits.retryAfter);
        sessions.checkRoom();
        const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (type !== 'text/plain' && type !== 'application/x-ndjson')
          throw new RequestError(
            415,
            'E_MEDIA_TYPE',
            `${request.url.split('?')[0]} reads text/plain (one line per line) or application/x-ndjson ({"id","text"} per line), got ${type === '' ? 'no content type' : type}; for a JSON body use POST /v1/translate`,
          );
        const ndjson = type === 'application/x-ndjson';
        // lines in flight: read, and not yet written to the response (a client that does not read pauses reading)
        const credits = new Credits(options.limits.maxLines);
        const closed = new Promise<void>((resolve) => reply.raw.once('close', resolve));
        const stop = new AbortController();
        let stopReason: StopReason = 'shutdown';
        /** Reads no more of the body; the lines read are answered, then the connection closes. */
        const stopReading = (reason: StopReason): void => {
          if (stop.signal.aborted) return;
          stopReason = reason;
          credits.pause();
          stop.abort();
          // The body may never end, so once the answers are out the connection is closed as Node closes a
          // `Connection: close` one (it was kept alive when the headers went out); else the server waits for the body.
          reply.raw.once('finish', () => request.raw.socket?.destroySoon());
        };
        const idle = new IdleTimer(options.limits.streamIdleTimeout, () => stopReading('idle'));
        const lines = linesFrom(boundedLines(request.body as IncomingMessage, options.limits.maxChars * 4), {
          credits,
        }).pipe(
          map((line) => {
            idle.lineIn();
            return limitLine(ndjson && typeof line === 'string' ? parseJsonLine(line) : line, options.limits.maxChars);
          }),
          whileQueueHasRoom(backend),
        );
        const out = new PassThrough();
        let count = 0;
        let waitingForDrain = false;
        // may throw (a 400 or 503 for these options): before the session is registered, so a refusal leaves nothing
        const translation = backend.translate(pair, untilStopped(lines, stop.signal, closed), {
          options: decode,
          signal: disconnectSignal(reply),
        });
        const forget = sessions.add(async () => {
          stopReading('shutdown');
          await closed; // the answers are written (or the client went away)
        });
        const finish = (last?: string): void => {
          idle.stop();
          forget();
          noteLines(request, count);
          out.end(last);
        };
        const subscription = translation.subscribe({
          next: (result) => {
            count++;
            credits.release();
            idle.lineOut();
            if (!out.write(`${recordJson(nativeRecord(result, decode))}\n`) && !waitingForDrain) {
              // the client reads slower than lines are translated: stop reading its lines until it catches up
              waitingForDrain = true;
              credits.pause();
              out.once('drain', () => {
                waitingForDrain = false;
                credits.resume();
              });
            }
          },
          error: (err: unknown) => finish(`${recordJson({ id: null, error: toFailure(err, 'E_STREAM_FAILED') })}\n`),
          complete: () =>
            finish(
              stop.signal.aborted
                ? recordJson(stoppedRecord(stopReason, count, options.limits.streamIdleTimeout)) + '\n'
                : undefined,
            ),
        });
        void closed.then(() => {
          idle.stop();
          forget();
          subscription.unsubscribe();
        });
        return reply.type('application/x-ndjson').send(out);
      },
    );
  };
}
