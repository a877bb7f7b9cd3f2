/**
 * Child process for spec/wasm-threads/threads.spec.ts (the backend is per process, so each mode needs its own).
 * argv[2]: `step` (train step + greedy decode on the wasm backend as S2S_WASM_THREADS says), `old-version` (the
 * glue refuses an untested tfjs-backend-wasm version), `bad-self-test` (a failing self-test falls back), `bad-dir`
 * (the worker script cannot be written), `plain` (the backend as the environment says).
 * Prints one JSON line; never calls process.exit: the spec checks that the process ends by itself.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { useBackend } from '../../lib/backend.js';
import { prepareWasmThreads } from '../../lib/wasm-threads/index.js';
import { Seq2Seq, disposeDecoderState } from '../../lib/models/seq2seq.js';
import { decode } from '../../lib/decode/decode.js';
import { resolveDecodeOptions } from '../../lib/decode/options.js';
import { Rng } from '../../lib/util/random.js';

const mode = process.argv[2];
if (mode === 'old-version') prepareWasmThreads(wasm, { value: '2', version: '4.21.0' });
if (mode === 'bad-dir') prepareWasmThreads(wasm, { value: '2', workerDir: '/dev/null/s2s' });
if (mode === 'bad-self-test') prepareWasmThreads(wasm, { value: '2', selfTest: () => 'forced failure' });
const probe = await useBackend('wasm');
const product = tf.tidy(() => Array.from(tf.matMul(tf.ones([64, 96]), tf.fill([96, 80], 0.5)).dataSync()));
const out: Record<string, unknown> = {
  detail: probe.detail,
  threads: wasm.getThreadsCount(),
  productOk: product.every((v) => v === 48),
};

if (mode === 'step') {
  const V = 300;
  const model = new Seq2Seq(
    {
      cell: 'lstm',
      sourceVocab: V,
      targetVocab: V,
      embeddingSize: 32,
      hiddenSize: 96,
      encoderLayers: 1,
      decoderLayers: 2,
      bidirectional: true,
      attention: true,
      attentionSize: 96,
      dropout: 0,
    },
    7,
  );
  const rng = new Rng(11);
  const ids = (rows: number, len: number): number[][] =>
    Array.from({ length: rows }, () => Array.from({ length: len }, () => 4 + Math.floor(rng.next() * (V - 4))));
  const [sources, targets] = [ids(16, 12), ids(16, 10)];
  const before = tf.memory().numTensors;
  const variables = [...model.params.variables.values()];
  const { value, grads } = tf.variableGrads(() => model.loss(sources, targets).loss, variables);
  out['loss'] = (await value.data())[0];
  const named = [...model.params.variables.entries()].map(([key, v]) => [key, grads[v.name]!] as const);
  out['grads'] = Object.fromEntries(
    named.map(([key, g]) => [key, Buffer.from((g.dataSync() as Float32Array).buffer).toString('base64')]),
  );
  tf.dispose([value, ...Object.values(grads)]);
  const state = model.encode(sources.slice(0, 8));
  const hyps = await decode(
    model.stepModel(),
    state,
    8,
    resolveDecodeOptions({ beamSize: 1, maxLength: 15, maxLengthRatio: 0 }),
  );
  disposeDecoderState(state);
  out['tokens'] = hyps.map((list) => list[0]!.tokens);
  out['leaked'] = tf.memory().numTensors - before;
}
process.stdout.write(`${JSON.stringify(out)}\n`);
