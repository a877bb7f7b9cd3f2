/**
 * Turns a training checkpoint (model.s2s from `s2s train` / `s2s lm train`) into a shippable inference checkpoint:
 * same config, tokenizers and weights, no optimizer state, weights stored as float16 (half the bytes; see
 * fixtures/models/README.md for the measured effect on BLEU) unless --float32, and the training meta kept — with the
 * machine's paths cut to file names (a shipped file names no directory of the machine that trained it). Reshipping a
 * shipped file (FROM = TO) keeps its weights bit for bit: float16 → float32 → float16 is exact.
 *
 *   node --import tsx scripts/ship-model.ts runs/en-es/model.s2s fixtures/models/en-es.s2s [--float32]
 */
import { basename, isAbsolute } from 'node:path';
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from '../lib/io/index.js';

/** A path outside the working directory (absolute, or climbing out with `..`) shortened to its file name. */
function withoutMachinePath(word: string): string {
  return isAbsolute(word) || word.startsWith('../') ? basename(word) : word;
}

/** The training meta with every path in `command` and `shippedFrom` made machine-independent. */
function portableMeta(meta: Record<string, unknown>): Record<string, unknown> {
  const clean = { ...meta };
  if (typeof meta['command'] === 'string')
    clean['command'] = meta['command'].split(' ').map(withoutMachinePath).join(' ');
  if (typeof meta['shippedFrom'] === 'string') clean['shippedFrom'] = withoutMachinePath(meta['shippedFrom']);
  return clean;
}

const [from, to] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!from || !to) throw new Error('usage: ship-model.ts FROM.s2s TO.s2s [--float32]');
const trained = await loadCheckpoint(from);
const shipped: Checkpoint = {
  kind: trained.kind,
  config: trained.config,
  tokenizers: trained.tokenizers,
  weights: trained.weights,
  weightStorage: process.argv.includes('--float32') ? 'float32' : 'float16',
  step: trained.step,
  epoch: trained.epoch,
  bestDevScore: trained.bestDevScore ?? null,
  meta: portableMeta({ shippedFrom: from, ...trained.meta }),
};
await saveCheckpoint(to, shipped);
console.log(`${to}: ${trained.kind}, step ${trained.step}, epoch ${trained.epoch}, ${shipped.weightStorage} weights`);
