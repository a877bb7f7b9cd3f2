/**
 * The wire protocol between translation clients and workers: Redis key names and the fields of stream entries.
 * Everything a worker needs travels in the request entry (no shared state besides Redis), so any number of workers on
 * any number of machines can serve the same streams.
 *
 * Keys (prefix `s2s` by default):
 * - `<prefix>:requests:<pair>` — one entry per line to translate, for the language pair `<pair>` (e.g. `en-es`);
 *   read by the consumer group `<prefix>:workers`.
 * - `<prefix>:replies:<client>` — one entry per translated line, for the client that asked.
 * - `<prefix>:dead-letter` — requests given up after too many deliveries (their worker died each time).
 * - `<prefix>:advert:<consumer>` — what a live worker serves (JSON `WorkerAdvert`, expires unless refreshed), listed
 *   in the set `<prefix>:adverts`; read by `s2s serve --redis` to know the pairs (worker-adverts.ts).
 *
 * Request fields: `v` (protocol version), `id` (`<client>:<call>:<seq>`, unique per line), `reply` (reply stream
 * key), `call`, `seq` (the line's 0-based position in its call), `text`, `options` (JSON `RemoteTranslateOptions`).
 * Reply fields: `id`, `call`, `seq`, `result` (JSON `Outcome<Translation>`), `worker` (consumer name).
 */
import { basename } from 'node:path';
import type { DecodeOptions } from '../lib/decode/options.js';
import type { Translation } from '../pipelines/translation.js';
import type { Outcome } from '../pipelines/types.js';
import { OptionError } from '../lib/errors.js';

export const PROTOCOL_VERSION = '1';
export const DEFAULT_PREFIX = 's2s';

/** Decoding choices a client sends with every line (the worker builds or reuses a service for each distinct set). */
export interface RemoteTranslateOptions {
  /** Full decoding options (validated again by the worker). */
  decode: DecodeOptions;
  /** N-best entries kept per sentence. */
  nbest?: number;
  /** Keep attention weights. */
  alignment?: boolean;
  /** Cut longer lines into pieces of at most this many source tokens (the worker holds the tokenizer). */
  maxSourceTokens?: number;
}

export interface RequestEntry {
  id: string;
  reply: string;
  call: string;
  seq: number;
  text: string;
  options: RemoteTranslateOptions;
}

export interface ReplyEntry {
  id: string;
  call: string;
  seq: number;
  result: Outcome<Translation>;
  worker: string;
}

/** Key names under one prefix. */
export class StreamKeys {
  constructor(readonly prefix: string = DEFAULT_PREFIX) {}

  requests(pair: string): string {
    return `${this.prefix}:requests:${pair}`;
  }

  replies(client: string): string {
    return `${this.prefix}:replies:${client}`;
  }

  get group(): string {
    return `${this.prefix}:workers`;
  }

  get deadLetter(): string {
    return `${this.prefix}:dead-letter`;
  }

  /** A worker's advertisement of the pairs it serves. */
  advert(consumer: string): string {
    return `${this.prefix}:advert:${consumer}`;
  }

  /** The set of workers that advertised (some may have expired since). */
  get adverts(): string {
    return `${this.prefix}:adverts`;
  }

  /** The pair a request stream serves. */
  pairOf(requestsKey: string): string {
    return requestsKey.slice(`${this.prefix}:requests:`.length);
  }
}

/**
 * The language pair a `--model` argument names: `PAIR=FILE` explicitly, else the file name without `.s2s`
 * (`models/en-es.s2s` → `en-es`). Clients use the same rule, so `--model en-es.s2s` means the same pair on both sides.
 */
export function modelPair(arg: string): { pair: string; file: string } {
  const eq = arg.indexOf('=');
  const pair = eq > 0 ? arg.slice(0, eq) : basename(arg).replace(/\.s2s$/, '');
  const file = eq > 0 ? arg.slice(eq + 1) : arg;
  if (!/^[A-Za-z0-9_.-]+$/.test(pair)) {
    throw new OptionError(
      'E_OPTION_INVALID',
      `--model ${arg}: the language pair "${pair}" may use only letters, digits, '_', '.' and '-'; name it explicitly as PAIR=FILE (e.g. en-es=model.s2s)`,
      { model: arg },
    );
  }
  return { pair, file };
}

/** Flattens a request into stream fields. */
export function requestFields(r: RequestEntry): string[] {
  return [
    'v',
    PROTOCOL_VERSION,
    'id',
    r.id,
    'reply',
    r.reply,
    'call',
    r.call,
    'seq',
    String(r.seq),
    'text',
    r.text,
    'options',
    JSON.stringify(r.options),
  ];
}

/** Flattens a reply into stream fields. */
export function replyFields(r: ReplyEntry): string[] {
  return ['id', r.id, 'call', r.call, 'seq', String(r.seq), 'result', JSON.stringify(r.result), 'worker', r.worker];
}

/** Field list `[k1, v1, k2, v2, …]` → record. */
export function fieldRecord(fields: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i]!] = fields[i + 1]!;
  return record;
}

/** Parses a request entry; throws a message naming the bad field (the worker turns it into an error reply). */
export function parseRequest(fields: readonly string[]): RequestEntry {
  const f = fieldRecord(fields);
  if (f['v'] !== PROTOCOL_VERSION)
    throw new Error(
      `request protocol version ${f['v'] ?? '(none)'}, this worker speaks ${PROTOCOL_VERSION}: upgrade the older side`,
    );
  const seq = Number(f['seq']);
  for (const name of ['id', 'reply', 'call', 'text', 'options'] as const)
    if (f[name] === undefined) throw new Error(`request without the "${name}" field`);
  if (!Number.isInteger(seq) || seq < 0) throw new Error(`request "seq" must be an integer ≥ 0, got ${f['seq']}`);
  return {
    id: f['id']!,
    reply: f['reply']!,
    call: f['call']!,
    seq,
    text: f['text']!,
    options: JSON.parse(f['options']!) as RemoteTranslateOptions,
  };
}

/** Parses a reply entry; `undefined` for an entry that is not a well-formed reply (ignored by clients). */
export function parseReply(fields: readonly string[]): ReplyEntry | undefined {
  const f = fieldRecord(fields);
  const seq = Number(f['seq']);
  if (f['id'] === undefined || f['call'] === undefined || f['result'] === undefined || !Number.isInteger(seq))
    return undefined;
  try {
    return {
      id: f['id'],
      call: f['call'],
      seq,
      result: JSON.parse(f['result']) as Outcome<Translation>,
      worker: f['worker'] ?? '',
    };
  } catch {
    return undefined;
  }
}
