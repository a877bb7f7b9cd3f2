/** The trainer disposes every tensor: numTensors is flat across 50 steps and back to the start after dispose. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import type { OptimizerName } from '../../lib/train/optimizers.js';
import { Trainer } from '../../lib/train/trainer.js';
import { ToyTask } from './toy-task.js';

describe('Trainer memory', function () {
  for (const optimizer of ['adam', 'rmsprop', 'sgd'] as OptimizerName[]) {
    it(`${optimizer}: no tensor leaks over 50 steps with evaluations, clipping and lr decay`, async function () {
      const task = new ToyTask();
      const before = tf.memory().numTensors;
      const counts: number[] = [];
      const trainer = new Trainer(
        task,
        { optimizer, maxSteps: 50, evalEvery: 5, clipNorm: 0.5, minDelta: 0.5, maxEpochs: 100, patience: 0 },
        { observers: [{ onStep: (e) => counts.push(e.numTensors) }] },
      );
      const result = await trainer.train();
      expect(result.steps).to.equal(50);
      expect(result.learningRate, 'lr decay ran (optimizer rebuilt)').to.be.lessThan(trainer.options.learningRate);
      expect(new Set(counts).size, `numTensors per step: ${[...new Set(counts)]}`).to.equal(1);
      trainer.dispose();
      expect(tf.memory().numTensors).to.equal(before);
      task.dispose();
    });
  }
});
