/** Optimizer slots survive checkpoint round trips and learning-rate changes, for sgd, rmsprop and adam. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { decodeCheckpoint, encodeCheckpoint } from '../../lib/io/index.js';
import { ParamStore } from '../../lib/nn/params.js';
import {
  OPTIMIZER_NAMES,
  createOptimizer,
  optimizerState,
  restoreOptimizerState,
  withLearningRate,
  type OptimizerConfig,
} from '../../lib/train/optimizers.js';
import { expectArraysClose, expectNoLeak } from '../helpers/tensors.js';

const config = (name: OptimizerConfig['name'], learningRate = 0.1): OptimizerConfig => ({
  name,
  learningRate,
  rmspropDecay: 0.9,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  epsilon: null,
});

/** Two parameters; loss Σ (θ − target)²; `steps` optimizer steps. */
function makeParams(seed: number): ParamStore {
  const p = new ParamStore(seed);
  p.create('layer.kernel', [2, 2], Float32Array.from([1, 2, 3, 4]));
  p.create('layer.bias', [2], Float32Array.from([-1, 0.5]));
  return p;
}

function step(optimizer: tf.Optimizer, params: ParamStore): void {
  const vars = [...params.variables.values()];
  const { value, grads } = tf.variableGrads(
    () => tf.addN(vars.map((v) => tf.sum(tf.square(tf.sub(v, 0.3))))) as tf.Scalar,
    vars,
  );
  optimizer.applyGradients(grads);
  tf.dispose([value, grads]);
}

const values = (p: ParamStore): number[] => [...p.variables.values()].flatMap((v) => [...v.dataSync()]);

describe('optimizer state', function () {
  for (const name of OPTIMIZER_NAMES) {
    it(`${name}: state → checkpoint bytes → fresh optimizer over fresh variables continues identically`, async function () {
      const a = makeParams(1);
      const optA = createOptimizer(config(name));
      for (let i = 0; i < 3; i++) step(optA, a);
      const state = await optimizerState(optA, config(name), a);
      const expectedSlots = { sgd: [], rmsprop: ['rms', 'momentum'], adam: ['m', 'v'] }[name];
      expect(state.state.map((s) => s.name)).to.deep.equal([
        'iter',
        ...expectedSlots.flatMap((slot) => [`layer.kernel/${slot}`, `layer.bias/${slot}`]),
      ]);
      expect(state.state[0]!.data[0]).to.equal(3);

      // Through the checkpoint codec: slots stay float32 bit for bit.
      const bytes = encodeCheckpoint({
        kind: 'lm',
        config: {},
        tokenizers: {},
        weights: [],
        optimizer: state,
        step: 3,
        epoch: 1,
        meta: {},
      });
      const loaded = decodeCheckpoint(bytes).optimizer!;
      for (const [i, s] of loaded.state.entries())
        expect(Array.from(s.data)).to.deep.equal(Array.from(state.state[i]!.data));

      // A "new process": new variables (other tfjs names) with A's current values, a fresh optimizer.
      const b = makeParams(2);
      for (const [n, v] of b.variables) v.assign(a.get(n));
      const optB = createOptimizer(config(name));
      await restoreOptimizerState(optB, loaded.state, b);
      expect(optB.iterations).to.equal(3);
      for (let i = 0; i < 3; i++) {
        step(optA, a);
        step(optB, b);
      }
      expectArraysClose(values(b), values(a), 1e-6);
      optA.dispose();
      optB.dispose();
      a.dispose();
      b.dispose();
    });

    it(`${name}: withLearningRate keeps slots and step count, uses the new rate, leaks nothing`, async function () {
      const a = makeParams(1);
      const b = makeParams(3);
      let optA = createOptimizer(config(name, 0.1));
      const optB = createOptimizer(config(name, 0.05));
      for (let i = 0; i < 2; i++) step(optA, a);
      for (const [n, v] of b.variables) v.assign(a.get(n));
      // B gets A's slots by a state round trip, then both run at lr 0.05.
      await restoreOptimizerState(optB, (await optimizerState(optA, config(name), a)).state, b);
      await expectNoLeak(async () => {
        optA = await withLearningRate(optA, config(name, 0.1), 0.05);
      });
      expect(optA.iterations).to.equal(2);
      for (let i = 0; i < 2; i++) {
        step(optA, a);
        step(optB, b);
      }
      expectArraysClose(values(a), values(b), 1e-6);
      optA.dispose();
      optB.dispose();
      a.dispose();
      b.dispose();
    });
  }

  it('rmsprop matches cache = ρ·cache + (1−ρ)·g²; θ −= lr·g/√(cache+ε) by hand', function () {
    const p = new ParamStore(1);
    const theta = p.create('w', [1], Float32Array.from([1]));
    const opt = createOptimizer({ ...config('rmsprop', 0.01), epsilon: 1e-8 });
    let cache = 0;
    let expected = 1;
    for (let i = 0; i < 3; i++) {
      const g = 2 * expected; // ∂θ²/∂θ
      cache = 0.9 * cache + 0.1 * g * g;
      expected -= (0.01 * g) / Math.sqrt(cache + 1e-8);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(theta)) as tf.Scalar, [theta]);
      opt.applyGradients(grads);
      tf.dispose([value, grads]);
      expect(theta.dataSync()[0]).to.be.closeTo(expected, 1e-6);
    }
    opt.dispose();
    p.dispose();
  });

  it('restore rejects a slot for an unknown parameter and a missing slot', async function () {
    const a = makeParams(1);
    const opt = createOptimizer(config('adam'));
    step(opt, a);
    const state = (await optimizerState(opt, config('adam'), a)).state;
    const fresh = createOptimizer(config('adam'));
    const renamed = state.map((s) => (s.name === 'layer.bias/m' ? { ...s, name: 'other.bias/m' } : s));
    let error: unknown;
    await restoreOptimizerState(fresh, renamed, a).catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'E_RESUME_MISMATCH');
    error = undefined;
    await restoreOptimizerState(
      fresh,
      state.filter((s) => s.name !== 'layer.bias/v'),
      a,
    ).catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'E_RESUME_MISMATCH');
    expect((error as Error).message).to.match(/no slot 'v' for parameter 'layer\.bias'/);
    opt.dispose();
    fresh.dispose();
    a.dispose();
  });
});
