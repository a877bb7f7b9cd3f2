/**
 * The LibreTranslate-compatible API, so existing clients work unchanged:
 *
 * - `GET /languages` → `[{ code, name, targets }]`
 * - `POST /detect` `{ q, api_key? }` → `[{ confidence, language }]`: no detector runs; the answer is the one source
 *   language served (confidence 100, as for `source: "auto"`), and a 400 when several are served.
 * - `GET /frontend/settings` → what LibreTranslate's web page and some clients read first: `charLimit` (`maxChars`),
 *   `apiKeys` and `keyRequired` (whether `--api-keys` is set: then every translation needs a key), no suggestions and
 *   no file translation, LibreTranslate's 500 ms `frontendTimeout`, and the first served pair as `language`.
 * - `POST /translate` (JSON or form) `{ q: string | string[], source: code | "auto", target, format?: "text",
 *   alternatives?: n, api_key? }` → `{ translatedText }` (a string, or an array for an array `q`), plus
 *   `alternatives` (the n-best after the best) when asked and `detectedLanguage` for `source: "auto"`.
 *
 * `source: "auto"` runs no language detection: it means the one source language served for `target` (confidence
 * 100 because there is no other choice), and is a 400 when several are served. A `q` with newlines is translated line
 * by line and joined back with the same line breaks (`\n`, `\r\n` or `\r`). `format: "html"` is refused with 400
 * (markup would be translated as words). Errors are `{ error }` with 400 / 403 / 413 / 503 (+ `Retry-After`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TranslationBackend, LanguagePair } from '../backend.js';
import { RequestError } from '../errors.js';
import { resolveDecodeOptions } from '../decode-schema.js';
import { languageName } from '../language-names.js';
import { DEFAULT_LIMITS, type ServerOptions } from '../options.js';
import { noteLines } from '../plugins/request-log.js';
import { admit, checkLines, checkTexts, disconnectSignal, translateAll } from '../translate-call.js';

interface TranslateBody {
  q: string | string[];
  source: string;
  target: string;
  format: 'text' | 'html';
  alternatives: number;
  api_key?: string;
}

/** Ms LibreTranslate's page waits after a keystroke before it translates (its default; a page setting, not ours). */
const FRONTEND_TIMEOUT = 500;

const DETECT_SCHEMA = {
  body: {
    type: 'object',
    required: ['q'],
    properties: { q: { type: 'string', description: 'text whose language to name' }, api_key: { type: 'string' } },
  },
} as const;

const TRANSLATE_SCHEMA = {
  body: {
    type: 'object',
    required: ['q', 'target'],
    properties: {
      q: {
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
        description: 'text to translate, or an array of texts',
      },
      source: { type: 'string', default: 'auto', description: 'source language code, or auto' },
      target: { type: 'string', description: 'target language code' },
      format: { type: 'string', enum: ['text', 'html'], default: 'text' },
      alternatives: {
        type: 'integer',
        minimum: 0,
        default: 0,
        description: 'alternative translations to return (n-best)',
      },
      api_key: { type: 'string' },
    },
  },
} as const;

export function libreTranslateRoutes(backend: TranslationBackend, options: ServerOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/languages', async () => {
      const codes = new Set(backend.pairs().flatMap((p) => [p.source, p.target]));
      return [...codes].map((code) => ({
        code,
        name: languageName(code),
        targets: backend
          .pairs()
          .filter((p) => p.source === code)
          .map((p) => p.target),
      }));
    });

    app.post<{ Body: { q: string; api_key?: string } }>('/detect', { schema: DETECT_SCHEMA }, async (request) => {
      checkApiKey(options, request.body.api_key);
      const sources = [...new Set(servedPairs(backend).map((p) => p.source))];
      if (sources.length > 1)
        throw new RequestError(
          400,
          'E_DETECT_UNSUPPORTED',
          `this server runs no language detection and serves several source languages (${sources.join(', ')}); name the source in /translate`,
        );
      return [{ confidence: 100, language: sources[0]! }];
    });

    app.get('/frontend/settings', async () => {
      const [first] = servedPairs(backend);
      const keys = options.apiKeys !== undefined;
      return {
        charLimit: options.limits.maxChars,
        frontendTimeout: FRONTEND_TIMEOUT,
        apiKeys: keys,
        keyRequired: keys,
        suggestions: false,
        filesTranslation: false,
        supportedFilesFormat: [],
        language: {
          source: { code: first!.source, name: languageName(first!.source) },
          target: { code: first!.target, name: languageName(first!.target) },
        },
      };
    });

    const preValidation = async (request: FastifyRequest): Promise<void> =>
      checkTexts('q', (request.body as { q?: unknown } | null)?.q, true);
    app.post<{ Body: TranslateBody }>(
      '/translate',
      { schema: TRANSLATE_SCHEMA, preValidation },
      async (request, reply) => {
        const body = request.body;
        checkApiKey(options, body.api_key);
        if (body.format === 'html')
          throw new RequestError(
            400,
            'E_FORMAT_UNSUPPORTED',
            'format html is not supported: this server translates plain text only; send format "text" with the text content',
          );
        const pair = resolvePair(backend, body.source, body.target);
        const nBest = body.alternatives + 1;
        if (nBest > options.limits.maxBeamSize)
          throw new RequestError(
            400,
            'E_OPTION_INVALID',
            `alternatives must be at most ${options.limits.maxBeamSize - 1} on this server (the n-best list comes from a beam of at most ${options.limits.maxBeamSize}), got ${body.alternatives}`,
            { details: { field: 'alternatives' } },
          );
        const decode = resolveDecodeOptions(
          options.decodeDefaults,
          { nBest, beamSize: Math.max(options.decodeDefaults.beamSize, nBest) },
          options.limits.maxBeamSize,
        );
        const texts = Array.isArray(body.q) ? body.q : [body.q];
        const split = texts.map(splitLines);
        const lines = split.flatMap((t) => t.lines);
        checkLines(lines, options.limits);
        noteLines(request, lines.length);
        admit(backend, lines.length, options.limits.retryAfter);
        const results = await translateAll(backend, pair, lines, decode, disconnectSignal(reply));
        const failed = results.find((r) => !r.data.ok);
        if (failed !== undefined && !failed.data.ok)
          throw new RequestError(
            500,
            failed.data.error.code,
            `translation failed on line ${failed.seq + 1}: ${failed.data.error.message}`,
          );
        // regroup the lines into their texts
        let next = 0;
        const answers = split.map(({ lines: mine, breaks }) => {
          const values = results
            .slice(next, (next += mine.length))
            .map((r) => (r.data.ok ? r.data.value : undefined))
            .filter((v) => v !== undefined);
          return {
            text: joinLines(
              values.map((v) => v.text),
              breaks,
            ),
            alternatives: Array.from({ length: body.alternatives }, (_, k) =>
              joinLines(
                values.map((v) => v.nbest[k + 1]?.text ?? v.text),
                breaks,
              ),
            ),
          };
        });
        const detected = { confidence: 100, language: pair.source };
        const one = !Array.isArray(body.q);
        return reply.send({
          translatedText: one ? answers[0]!.text : answers.map((a) => a.text),
          ...(body.alternatives > 0
            ? { alternatives: one ? answers[0]!.alternatives : answers.map((a) => a.alternatives) }
            : {}),
          ...(body.source === 'auto' ? { detectedLanguage: one ? detected : answers.map(() => detected) } : {}),
        });
      },
    );
  };
}

/** A text's lines and the line breaks between them (`\n`, `\r\n` or `\r`, kept to be written back as sent). */
export function splitLines(text: string): { lines: string[]; breaks: string[] } {
  const parts = text.split(/(\r\n|\n|\r)/);
  return { lines: parts.filter((_, i) => i % 2 === 0), breaks: parts.filter((_, i) => i % 2 === 1) };
}

/** The inverse of `splitLines`: `lines` joined by `breaks`. */
function joinLines(lines: readonly string[], breaks: readonly string[]): string {
  return lines.map((line, i) => (i === 0 ? line : breaks[i - 1]! + line)).join('');
}

/** With `--api-keys`, a request must carry one of the keys. @throws RequestError 403 E_API_KEY */
function checkApiKey(options: ServerOptions, key: string | undefined): void {
  if (options.apiKeys === undefined || (key !== undefined && options.apiKeys.has(key))) return;
  throw new RequestError(
    403,
    'E_API_KEY',
    key === undefined ? 'Invalid API key: this server needs an api_key' : 'Invalid API key',
  );
}

/** The pairs served now. @throws RequestError 503 E_NO_PAIRS (with Retry-After) when there is none */
function servedPairs(backend: TranslationBackend): readonly LanguagePair[] {
  const pairs = backend.pairs();
  if (pairs.length === 0)
    throw new RequestError(
      503,
      'E_NO_PAIRS',
      'no language pair is served right now (s2s serve --redis: no worker advertises one; start s2s worker); retry later',
      { retryAfter: DEFAULT_LIMITS.retryAfter },
    );
  return pairs;
}

/** The served pair for `source` (or `auto`) and `target`. @throws RequestError 400 saying what is served */
export function resolvePair(backend: TranslationBackend, source: string, target: string): LanguagePair {
  const pairs = servedPairs(backend);
  const served = pairs.map((p) => `${p.source}-${p.target}`).join(', ');
  if (source === 'auto') {
    const sources = pairs.filter((p) => p.target === target);
    if (sources.length === 1) return { source: sources[0]!.source, target };
    if (sources.length === 0)
      throw new RequestError(
        400,
        'E_PAIR_UNSUPPORTED',
        `${target} is not supported as a target language (served: ${served})`,
      );
    throw new RequestError(
      400,
      'E_SOURCE_AMBIGUOUS',
      `source auto: this server runs no language detection and serves several source languages into ${target} (${sources.map((p) => p.source).join(', ')}); name the source`,
    );
  }
  if (!pairs.some((p) => p.source === source && p.target === target))
    throw new RequestError(400, 'E_PAIR_UNSUPPORTED', `${source} → ${target} is not supported (served: ${served})`);
  return { source, target };
}
