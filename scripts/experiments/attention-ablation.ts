/**
 * Does attention matter? Trains the same small model on length-12 reversal with and without Bahdanau attention (same
 * data, steps and seed) and prints greedy exact-match accuracy on fresh sequences.
 *
 *   node --import tsx scripts/experiments/attention-ablation.ts [--steps 1500]
 */
import { useBackend } from '../../lib/backend.js';
import { trainSynthetic } from './train-synthetic.js';

const stepsArg = process.argv.indexOf('--steps');
const steps = stepsArg > 0 ? Number(process.argv[stepsArg + 1]) : 1500;
const backend = await useBackend();
console.log(
  `backend ${backend.name}; reverse task, sequences of exactly 12 symbols over 20; ${steps} steps; 500 fresh test sequences`,
);
for (const attention of [true, false]) {
  const start = performance.now();
  const run = await trainSynthetic('reverse', {
    train: 20000,
    test: 500,
    steps,
    minLength: 12,
    maxLength: 12,
    model: { attention, bidirectional: true },
  });
  console.log(
    `${attention ? 'with attention   ' : 'without attention'}  accuracy ${(100 * run.accuracy).toFixed(1)}%  (${((performance.now() - start) / 1000).toFixed(0)} s)`,
  );
}
