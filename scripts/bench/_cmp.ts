import { useBackend } from '/work/main/lib/backend.js';
import { setFusedRecurrence } from '/work/main/lib/nn/fused/run-sequence.js';
import { referenceLm, referenceSeq2Seq, timeLmScoring, timeTrainStep, timeDecode } from '/work/main/scripts/bench/workloads.js';
import { loadAverage } from '/work/main/scripts/bench/timing.js';
import * as tf from '@tensorflow/tfjs';
await useBackend('wasm');
const model = referenceSeq2Seq();
const lm = referenceLm();
for (const round of [0, 1]) for (const fused of [false, true]) {
  setFusedRecurrence(fused);
  const tr = await timeTrainStep(model, 16, 3);
  const l = await timeLmScoring(lm, 32, 64, 3);
  const g = await timeDecode(model, 64, 1, 3);
  console.log(`round ${round} fused=${fused}: train B=16 ${(16*30/tr.median).toFixed(1)} tok/s, LM ${(32*64/l.median).toFixed(0)} tok/s, greedy B=64 ${(64*30/g.median).toFixed(0)} tok/s; load ${loadAverage()} tensors ${tf.memory().numTensors}`);
}
