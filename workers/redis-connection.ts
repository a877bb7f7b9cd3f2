/**
 * Redis connections for workers and clients: reconnect forever with capped back-off, queue commands while
 * disconnected and re-send those in flight (including a blocking XREADGROUP / XREAD) after reconnecting, so a Redis
 * restart pauses the pool instead of failing it. Timeouts are the caller's business (the client has its own).
 */
import { Redis } from 'ioredis';
import { WorkerPoolError } from './errors.js';

export interface ConnectOptions {
  /** Connection name shown by `CLIENT LIST` (e.g. the worker's consumer name). */
  name?: string;
  /** Called with each connection error (Redis down, refused…); the connection keeps retrying. */
  onError?: (err: Error) => void;
}

/** Most milliseconds between reconnection attempts. */
const MAX_BACKOFF_MS = 1000;

/** Checks that `url` is a Redis URL. @throws WorkerPoolError E_REDIS_URL */
export function checkRedisUrl(url: string): void {
  if (!/^rediss?:\/\/[^/]/.test(url))
    throw new WorkerPoolError(
      'E_REDIS_URL',
      `--redis must be a URL like redis://host:6379 or rediss://user:pass@host:6380/0, got "${url}"`,
      { url },
    );
}

/** Opens one connection (connecting in the background; commands queue until it is up). */
export function connectRedis(url: string, options: ConnectOptions = {}): Redis {
  checkRedisUrl(url);
  const redis = new Redis(url, {
    ...(options.name === undefined ? {} : { connectionName: options.name }),
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    autoResendUnfulfilledCommands: true,
    retryStrategy: (attempt) => Math.min(50 * attempt, MAX_BACKOFF_MS),
  });
  redis.on('error', (err: Error) => options.onError?.(err));
  return redis;
}
