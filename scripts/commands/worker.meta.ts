/** `s2s worker` — the command's meta: path, summary, usage and options, light enough for `--help` (the run code is in ./worker.ts). */
import { defineCommandMeta } from '../cli/command.js';
import type { OptionsSpec } from '../cli/args.js';

const WORKER_OPTIONS = {
  redis: { type: 'string', required: true, placeholder: 'URL', description: 'Redis URL, e.g. redis://10.0.0.5:6379' },
  model: {
    type: 'strings',
    alias: 'm',
    placeholder: 'FILE',
    description: 'translation model; repeat for several pairs; the pair is the file name without .s2s, or PAIR=FILE',
  },
  concurrency: { type: 'number', default: 1, description: 'batches decoded at once' },
  prefetch: { type: 'number', default: 64, description: 'requests held at once (read ahead of the model)' },
  'max-tokens': { type: 'number', default: 2048, description: 'padded source tokens per batch' },
  'max-sentences': { type: 'number', default: 64, description: 'sentences per batch' },
  'max-wait': { type: 'number', default: 20, description: 'ms a sentence may wait for its batch to fill' },
  'claim-idle': {
    type: 'number',
    default: 30_000,
    description: 'ms after which a request held by a silent (dead) worker is taken over',
  },
  'max-deliveries': {
    type: 'number',
    default: 3,
    description: 'deliveries after which a request goes to the dead-letter stream',
  },
  prefix: {
    type: 'string',
    placeholder: 'PREFIX',
    default: 's2s',
    description: 'Redis key prefix shared with the clients',
  },
  name: { type: 'string', placeholder: 'NAME', description: 'consumer name in the group (default host:pid)' },
} as const satisfies OptionsSpec;

export const workerMeta = defineCommandMeta({
  path: ['worker'],
  summary: 'serve translation requests from Redis Streams (one of many workers on many machines)',
  usage: '--redis URL --model FILE [--model FILE…] [--concurrency N]',
  details:
    'Examples:\n  s2s worker --redis redis://10.0.0.5:6379 --model en-es.s2s\n  s2s translate --redis redis://10.0.0.5:6379 --model en-es < in.txt > out.txt',
  options: WORKER_OPTIONS,
  tensors: true,
});
