/**
 * Long short-term memory cell (Hochreiter & Schmidhuber, 1997; forget gate: Gers et al., 2000).
 *
 * Packed gates, fixed order **i, f, g, o** (part of the checkpoint format): `a = [x_t ; h_{t−1}] · W + b`,
 * W: [I+H, 4H], b: [4H], then
 *   i = σ(a_i [+ p_i ⊙ c_{t−1}])      input gate
 *   f = σ(a_f [+ p_f ⊙ c_{t−1}])      forget gate (bias initialised to 1)
 *   g = tanh(a_g)                     candidate
 *   c_t = f ⊙ c_{t−1} + i ⊙ g
 *   o = σ(a_o [+ p_o ⊙ c_t])          output gate
 *   h_t = o ⊙ tanh(c_t)
 * Bracketed terms are the optional diagonal peepholes p_i, p_f, p_o: [H] (Gers & Schmidhuber, 2000).
 * With layer norm, `a` is normalised per gate (the LN β replaces b) and `tanh(LN(c_t))` is used for h_t.
 * This class owns the parameters; the equations are `lstmRule` (lstm-rule.ts), shared with the fused recurrence.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../params.js';
import { glorotUniform, constant } from '../init.js';
import { GateLayerNorm } from './layer-norm.js';
import { tidy } from '../tidy.js';
import type { CellOptions, CellState, CellStepOptions, RecurrentCell } from './cell.js';
import type { RecurrenceWeights } from './rule.js';
import { lstmRule } from './lstm-rule.js';
import { packedPreActivation } from './packed-pre-activation.js';

/** Initial forget-gate bias: remember by default (Jozefowicz et al., 2015). */
export const FORGET_BIAS_INIT = 1;

export class LstmCell implements RecurrentCell {
  readonly kind = 'lstm' as const;
  /** W: [I+H, 4H], column blocks i | f | g | o */
  private readonly kernel: tf.Variable;
  /** b: [4H] (absent with layer norm) */
  private readonly bias?: tf.Variable;
  /** p: [3, H], rows p_i, p_f, p_o (peepholes only) */
  private readonly peep?: tf.Variable;
  private readonly gateNorm?: GateLayerNorm;
  private readonly cellNorm?: GateLayerNorm;

  constructor(
    name: string,
    store: ParamStore,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: CellOptions = {},
  ) {
    const rows = inputSize + hiddenSize;
    const H = hiddenSize;
    this.kernel = store.create(`${name}.kernel`, [rows, 4 * H], glorotUniform(store.rng, rows, H, rows * 4 * H));
    if (options.layerNorm) {
      this.gateNorm = new GateLayerNorm(`${name}.ln_gates`, store, 4, H, [0, FORGET_BIAS_INIT, 0, 0]);
      this.cellNorm = new GateLayerNorm(`${name}.ln_cell`, store, 1, H);
    } else {
      const b = constant(0, 4 * H);
      b.fill(FORGET_BIAS_INIT, H, 2 * H);
      this.bias = store.create(`${name}.bias`, [4 * H], b);
    }
    if (options.peepholes) this.peep = store.create(`${name}.peepholes`, [3, H], glorotUniform(store.rng, H, H, 3 * H));
  }

  zeroState(batch: number): CellState {
    return { h: tf.zeros([batch, this.hiddenSize]), c: tf.zeros([batch, this.hiddenSize]) };
  }

  recurrence(): RecurrenceWeights | undefined {
    if (this.peep || this.gateNorm) return undefined;
    return {
      kind: 'lstm',
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      kernels: [this.kernel],
      biases: [this.bias!],
    };
  }

  step(x: tf.Tensor2D, state: CellState, options: CellStepOptions = {}): CellState {
    return tidy((): CellState => {
      const pre = packedPreActivation(x, [this.kernel], [this.gateNorm ?? this.bias!], options.reads);
      const cellNorm = this.cellNorm;
      const { h, c } = lstmRule.step(pre, options.recurrentInput ?? state.h, state.h, state.c!, {
        peepholes: this.peep,
        cellNorm: cellNorm && ((c) => cellNorm.apply(c)),
      });
      return { h, c };
    });
  }
}
