/**
 * Prometheus metrics (prom-client), one registry per server so that several servers in one process never mix:
 * requests by route and status, request latency, sentences and target tokens translated, batch sizes, queue depth,
 * open streams.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TranslationBackend } from './backend.js';
import { pairName } from './backend.js';
import type { BatchReport } from './local-backend.js';

export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 's2s_http_requests_total',
    help: 'HTTP requests answered, by route, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 's2s_http_request_duration_seconds',
    help: 'time from request to the end of the response, by route',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly sentences = new Counter({
    name: 's2s_sentences_translated_total',
    help: 'sentences decoded, by language pair',
    labelNames: ['pair'],
    registers: [this.registry],
  });
  readonly tokens = new Counter({
    name: 's2s_tokens_translated_total',
    help: 'target tokens of the best hypotheses, by language pair',
    labelNames: ['pair'],
    registers: [this.registry],
  });
  readonly batchSizes = new Histogram({
    name: 's2s_batch_sentences',
    help: 'sentences per decoded batch',
    labelNames: ['pair'],
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [this.registry],
  });
  readonly rejected = new Counter({
    name: 's2s_requests_rejected_total',
    help: 'requests refused because the queue was full (503)',
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 's2s_' });
  }

  /** For `LocalBackend`'s `onBatch`. */
  readonly observeBatch = (report: BatchReport): void => {
    const pair = pairName(report.pair);
    this.sentences.inc({ pair }, report.sentences);
    this.tokens.inc({ pair }, report.tokens);
    this.batchSizes.observe({ pair }, report.sentences);
  };

  /** Reports the open NDJSON/WebSocket streams at each scrape (`--max-streams` bounds them). */
  watchStreams(streams: { readonly size: number }): void {
    new Gauge({
      name: 's2s_open_streams',
      help: 'NDJSON and WebSocket streams open',
      registers: [this.registry],
      collect() {
        this.set(streams.size);
      },
    });
  }

  /** Reports the backend's queue depth and capacity at each scrape. */
  watchQueue(backend: TranslationBackend): void {
    new Gauge({
      name: 's2s_queue_sentences',
      help: 'sentences queued or being translated',
      registers: [this.registry],
      collect() {
        this.set(backend.load().queued);
      },
    });
    new Gauge({
      name: 's2s_queue_capacity_sentences',
      help: 'most sentences the queue accepts',
      registers: [this.registry],
      collect() {
        this.set(backend.load().capacity);
      },
    });
  }
}
