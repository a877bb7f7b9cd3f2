/**
 * Vanilla (Elman) recurrent cell: `h_t = tanh([x_t ; h_{t−1}] · W + b)`, W: [I+H, H], b: [H].
 * (`[x ; h] · W` is `W_x x + W_h h` with the two matrices stacked, so one matmul serves both.)
 * This class owns the parameters; the equation is `rnnRule` (rnn-rule.ts), shared with the fused recurrence.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../params.js';
import { glorotUniform, constant } from '../init.js';
import { GateLayerNorm } from './layer-norm.js';
import { tidy } from '../tidy.js';
import type { CellOptions, CellState, CellStepOptions, RecurrentCell } from './cell.js';
import type { RecurrenceWeights } from './rule.js';
import { rnnRule } from './rnn-rule.js';
import { packedPreActivation } from './packed-pre-activation.js';

export class RnnCell implements RecurrentCell {
  readonly kind = 'rnn' as const;
  /** W: [I+H, H] */
  private readonly kernel: tf.Variable;
  /** b: [H] (absent with layer norm, whose β is the bias) */
  private readonly bias?: tf.Variable;
  private readonly norm?: GateLayerNorm;

  constructor(
    name: string,
    store: ParamStore,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: CellOptions = {},
  ) {
    const rows = inputSize + hiddenSize;
    this.kernel = store.create(
      `${name}.kernel`,
      [rows, hiddenSize],
      glorotUniform(store.rng, rows, hiddenSize, rows * hiddenSize),
    );
    if (options.layerNorm) this.norm = new GateLayerNorm(`${name}.ln`, store, 1, hiddenSize);
    else this.bias = store.create(`${name}.bias`, [hiddenSize], constant(0, hiddenSize));
  }

  zeroState(batch: number): CellState {
    return { h: tf.zeros([batch, this.hiddenSize]) };
  }

  recurrence(): RecurrenceWeights | undefined {
    if (this.norm) return undefined;
    return {
      kind: 'rnn',
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      kernels: [this.kernel],
      biases: [this.bias!],
    };
  }

  step(x: tf.Tensor2D, state: CellState, options: CellStepOptions = {}): CellState {
    return tidy((): CellState => {
      const pre = packedPreActivation(x, [this.kernel], [this.norm ?? this.bias!], options.reads);
      return { h: rnnRule.step(pre, options.recurrentInput ?? state.h, state.h, undefined).h };
    });
  }
}
