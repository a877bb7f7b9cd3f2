/**
 * Where the benchmark's time goes: runs one workload of the reference model (`scripts/bench/workloads.ts`) under
 * `tf.profile` and prints each kernel's share of the kernel time, its call count and its mean time per call, plus the
 * time spent outside kernels (JavaScript: op dispatch, tape, tidy, reading results back).
 *
 *   node --import tsx scripts/bench-profile.ts greedy|beam|train|lm [--batch N] [--backend wasm|cpu]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, parseBackendName } from '../lib/backend.js';
import { referenceLm, referenceSeq2Seq, timeDecode, timeLmScoring, timeTrainStep } from './bench/workloads.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { batch: { type: 'string' }, backend: { type: 'string', default: 'wasm' } },
});
const workload = positionals[0] ?? 'greedy';
const DEFAULT_BATCH: Record<string, number> = { greedy: 64, beam: 16, train: 16, lm: 32 };
if (!(workload in DEFAULT_BATCH)) throw new Error(`unknown workload '${workload}': expected greedy, beam, train or lm`);
const batch = Number(values.batch ?? DEFAULT_BATCH[workload]);
const probe = await useBackend(parseBackendName(values.backend));
const seq2seq = workload === 'lm' ? undefined : referenceSeq2Seq();
const lm = workload === 'lm' ? referenceLm() : undefined;
const run = (): Promise<unknown> => {
  switch (workload) {
    case 'greedy':
      return timeDecode(seq2seq!, batch, 1, 1, 0);
    case 'beam':
      return timeDecode(seq2seq!, batch, 5, 1, 0);
    case 'train':
      return timeTrainStep(seq2seq!, batch, 1, 0);
    default:
      return timeLmScoring(lm!, batch, 64, 1, 0);
  }
};
await run(); // warm-up
const t0 = performance.now();
const info = await tf.profile(run as () => Promise<tf.TensorContainer>);
const wall = performance.now() - t0;
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const k of info.kernels) {
  const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  e.ms += Number(k.kernelTimeMs);
  e.calls += 1;
  byKernel.set(k.name, e);
}
const kernelMs = [...byKernel.values()].reduce((a, e) => a + e.ms, 0);
console.log(
  `${workload} batch ${batch} on ${probe.name} (${probe.detail}): ${wall.toFixed(0)} ms wall, ${kernelMs.toFixed(0)} ms in ${info.kernels.length} kernel calls`,
);
console.log('kernel                 share    ms   calls  µs/call');
for (const [name, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  console.log(
    `${name.padEnd(20)} ${((100 * e.ms) / wall).toFixed(1).padStart(6)}% ${e.ms.toFixed(0).padStart(5)} ${String(e.calls).padStart(7)} ${((1000 * e.ms) / e.calls).toFixed(0).padStart(8)}`,
  );
}
console.log(
  `${'(outside kernels)'.padEnd(20)} ${((100 * (wall - kernelMs)) / wall).toFixed(1).padStart(6)}% ${(wall - kernelMs).toFixed(0).padStart(5)}`,
);
for (const m of [seq2seq, lm]) m?.dispose();
