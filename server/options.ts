/** The server's limits and batching settings, with their defaults (one commented line each). */
import type { DecodeOptions } from '../lib/decode/options.js';

export interface ServerLimits {
  /** Largest request body accepted, in bytes (larger → 413). */
  bodyLimit: number;
  /** Most lines (LibreTranslate `q` entries, native `lines`, NDJSON/WebSocket lines in flight) per request. */
  maxLines: number;
  /** Most characters per line (longer → 413). */
  maxChars: number;
  /** Largest `beamSize` a request may ask for (beam search costs K× greedy). */
  maxBeamSize: number;
  /** Seconds a refused client is told to wait (`Retry-After`). */
  retryAfter: number;
  /** Ms a client may stay silent: before its request head is complete, mid-body, between requests (server/timeouts.ts). */
  idleTimeout: number;
  /** Most NDJSON and WebSocket streams open at once (one more → 503 / close 1013). */
  maxStreams: number;
  /** Ms a stream may stay silent with no line in flight before it is closed (server/idle-timer.ts); 0 = never. */
  streamIdleTimeout: number;
}

export const DEFAULT_LIMITS: Readonly<ServerLimits> = Object.freeze({
  /** 1 MiB: LibreTranslate-sized requests with room to spare. */
  bodyLimit: 1024 * 1024,
  /** 128 lines per request: a page of text. */
  maxLines: 128,
  /** 5,000 characters per line (LibreTranslate's default `--char-limit`). */
  maxChars: 5000,
  /** Beam 16 at most. */
  maxBeamSize: 16,
  /** Retry after 1 s: the queue drains in about a batch's time. */
  retryAfter: 1,
  /** 72 s idle: fastify's keep-alive default, above the 60 s idle timeout of common load balancers. */
  idleTimeout: 72_000,
  /** 256 streams: each holds a socket and up to `maxLines` lines, and the queue bounds the work they add. */
  maxStreams: 256,
  /** 10 min: an interactive session may pause (a user reading), an abandoned one is closed. */
  streamIdleTimeout: 600_000,
});

/** Everything `buildServer` needs besides the backend. */
export interface ServerOptions {
  limits: ServerLimits;
  /** Decoding options a request starts from (the CLI's defaults, or what `s2s serve` was given). */
  decodeDefaults: DecodeOptions;
  /** Accepted API keys (`--api-keys FILE`); undefined = no key needed. */
  apiKeys?: ReadonlySet<string>;
  /** Directory served at `/` (the browser page, `--web DIR`). */
  webDir?: string;
  /** Where the one-line-per-request JSON log goes; undefined = no log (`--quiet`). */
  log?: { write(line: string): unknown };
}
