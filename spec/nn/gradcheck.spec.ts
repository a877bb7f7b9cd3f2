import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { gradientCheck } from '../../lib/nn/gradcheck.js';
import { buildGradcheckModel } from '../../lib/nn/gradcheck-model.js';
import type { CellKind } from '../../lib/nn/cells/cell.js';
import { describeOnBackends, expectNoLeak } from '../helpers/tensors.js';

describeOnBackends(
  'nn/gradcheck',
  () => {
    const configs: Array<{ cell: CellKind; layers: number; bidirectional: boolean; attention: boolean }> = [
      { cell: 'rnn', layers: 1, bidirectional: false, attention: false },
      { cell: 'lstm', layers: 1, bidirectional: false, attention: false },
      { cell: 'gru', layers: 1, bidirectional: false, attention: false },
      { cell: 'lstm', layers: 2, bidirectional: true, attention: false },
      { cell: 'gru', layers: 1, bidirectional: false, attention: true },
    ];
    for (const config of configs) {
      it(`autodiff agrees with central differences: ${JSON.stringify(config)}`, async () => {
        const model = buildGradcheckModel({ ...config, seed: 3 });
        const report = await expectNoLeak(() => gradientCheck(model.loss, model.params.variables));
        model.dispose();
        for (const p of report.params) expect(p.worstRelativeError, `${p.name} at ${p.worstProbe}`).to.be.at.most(0.01);
        expect(report.params.every((p) => p.probes >= p.size)).to.equal(true);
      });
    }
  },
  ['wasm'],
);

describe('nn/gradcheck detects wrong gradients', () => {
  it('fails a parameter whose custom gradient is off by 10%', () => {
    const w = tf.variable(tf.tensor1d([0.3, -0.7, 1.1]));
    const wrong = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const x = args[0] as tf.Tensor;
      return { value: tf.sum(tf.sin(x)), gradFunc: (dy: tf.Tensor) => dy.mul(tf.cos(x)).mul(1.1) };
    }) as (x: tf.Tensor) => tf.Scalar;
    const report = gradientCheck(() => wrong(w), new Map([['w', w]]));
    expect(report.params[0]!.ok).to.equal(false);
    expect(report.params[0]!.worstRelativeError).to.be.above(0.03);
    w.dispose();
  });
});

describe('s2s gradcheck (CLI)', () => {
  it('exits 0 and prints a table for --cell gru --attention', () => {
    const out = execFileSync('node', ['bin/s2s.js', 'gradcheck', '--cell', 'gru', '--attention', '--backend', 'wasm'], {
      encoding: 'utf8',
    });
    expect(out).to.match(/attention\.query_kernel\s+12/);
    expect(out).to.contain('ok: all');
  });
  it('exits 2 with a suggestion for a misspelt option', () => {
    const r = spawnSync('node', ['bin/s2s.js', 'gradcheck', '--cel', 'gru'], { encoding: 'utf8' });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain('did you mean --cell?');
  });
});
