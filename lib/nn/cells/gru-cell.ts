/**
 * Gated recurrent unit (Cho et al., 2014), in this convention (z weights the NEW candidate):
 *   [r ; z] = σ([x_t ; h_{t−1}] · W_rz + b_rz)        W_rz: [I+H, 2H], gate order r, z
 *   ĥ = tanh([x_t ; r ⊙ h_{t−1}] · W_c + b_c)        W_c: [I+H, H]  (= W_x x + W_h (r ⊙ h) + b)
 *   h_t = (1 − z) ⊙ h_{t−1} + z ⊙ ĥ
 * Some texts swap z and 1 − z (PyTorch's `h = (1 − z) ⊙ ĥ + z ⊙ h`); weights are not interchangeable between the two.
 * Two matmuls per step: the candidate needs r first. With layer norm, both pre-activations are normalised per gate.
 * This class owns the parameters; the equations are `gruRule` (gru-rule.ts), shared with the fused recurrence.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../params.js';
import { glorotUniform, constant } from '../init.js';
import { GateLayerNorm } from './layer-norm.js';
import { tidy } from '../tidy.js';
import type { CellOptions, CellState, CellStepOptions, RecurrentCell } from './cell.js';
import type { RecurrenceWeights } from './rule.js';
import { gruRule } from './gru-rule.js';
import { packedPreActivation } from './packed-pre-activation.js';

export class GruCell implements RecurrentCell {
  readonly kind = 'gru' as const;
  /** W_rz: [I+H, 2H], column blocks r | z */
  private readonly gateKernel: tf.Variable;
  /** W_c: [I+H, H] */
  private readonly candidateKernel: tf.Variable;
  /** b_rz: [2H], b_c: [H] (absent with layer norm) */
  private readonly gateBias?: tf.Variable;
  private readonly candidateBias?: tf.Variable;
  private readonly gateNorm?: GateLayerNorm;
  private readonly candidateNorm?: GateLayerNorm;

  constructor(
    name: string,
    store: ParamStore,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: CellOptions = {},
  ) {
    const rows = inputSize + hiddenSize;
    const H = hiddenSize;
    this.gateKernel = store.create(
      `${name}.gate_kernel`,
      [rows, 2 * H],
      glorotUniform(store.rng, rows, H, rows * 2 * H),
    );
    this.candidateKernel = store.create(
      `${name}.candidate_kernel`,
      [rows, H],
      glorotUniform(store.rng, rows, H, rows * H),
    );
    if (options.layerNorm) {
      this.gateNorm = new GateLayerNorm(`${name}.ln_gates`, store, 2, H);
      this.candidateNorm = new GateLayerNorm(`${name}.ln_candidate`, store, 1, H);
    } else {
      this.gateBias = store.create(`${name}.gate_bias`, [2 * H], constant(0, 2 * H));
      this.candidateBias = store.create(`${name}.candidate_bias`, [H], constant(0, H));
    }
  }

  zeroState(batch: number): CellState {
    return { h: tf.zeros([batch, this.hiddenSize]) };
  }

  recurrence(): RecurrenceWeights | undefined {
    if (this.gateNorm) return undefined;
    return {
      kind: 'gru',
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      kernels: [this.gateKernel, this.candidateKernel],
      biases: [this.gateBias!, this.candidateBias!],
    };
  }

  step(x: tf.Tensor2D, state: CellState, options: CellStepOptions = {}): CellState {
    return tidy((): CellState => {
      const pre = packedPreActivation(
        x,
        [this.gateKernel, this.candidateKernel],
        [this.gateNorm ?? this.gateBias!, this.candidateNorm ?? this.candidateBias!],
        options.reads,
      );
      return { h: gruRule.step(pre, options.recurrentInput ?? state.h, state.h, undefined).h };
    });
  }
}
