/**
 * A deep (stacked) RNN: layer l reads layer l−1's h_t (layer 0 reads the input). Weights are shared across time,
 * never across layers. With `residual`, a layer whose input and output widths match adds its input to its output
 * (`y_l = h_l + y_{l−1}`, Wu et al., 2016), which eases training of deeper stacks.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from './params.js';
import type { CellKind, CellOptions, CellState, RecurrentCell } from './cells/cell.js';
import { makeCell } from './cells/make-cell.js';
import { maskedStep, dropoutStep } from './sequence.js';
import { runSequence, type RecurrenceMode } from './fused/run-sequence.js';
import type { AccumulatedReads } from './accumulated-reads.js';
import { variationalMask, type DropoutMasks } from './dropout.js';
import type { Rng } from '../util/random.js';
import { tidy } from './tidy.js';

export interface StackedRnnConfig {
  cell: CellKind;
  /** I: width of the first layer's input */
  inputSize: number;
  /** H: width of every layer */
  hiddenSize: number;
  /** N ≥ 1 */
  layers: number;
  residual?: boolean;
  cellOptions?: CellOptions;
}

export interface StackRunOptions {
  /** One state per layer before the first token (default zeros). */
  initial?: CellState[];
  masks?: DropoutMasks;
  /** Process t = T−1 … 0. */
  reverse?: boolean;
  /** Default 'stepwise' (see fused/run-sequence.ts). */
  recurrence?: RecurrenceMode;
}

export interface StackStepOptions {
  masks?: DropoutMasks;
  /** [B, 1]; rows with 0 keep their state (default: all real). */
  validMask?: tf.Tensor2D;
  /** Gradient sums for loop-invariant weights (see accumulated-reads.ts). */
  reads?: AccumulatedReads;
}

export class StackedRnn {
  readonly cells: RecurrentCell[];

  constructor(
    name: string,
    store: ParamStore,
    readonly config: StackedRnnConfig,
  ) {
    this.cells = Array.from({ length: config.layers }, (_, l) =>
      makeCell(
        config.cell,
        `${name}.l${l}`,
        store,
        l === 0 ? config.inputSize : config.hiddenSize,
        config.hiddenSize,
        config.cellOptions,
      ),
    );
  }

  get hiddenSize(): number {
    return this.config.hiddenSize;
  }

  zeroStates(batch: number): CellState[] {
    return this.cells.map((c) => c.zeroState(batch));
  }

  /** Per-sequence dropout masks for every layer (input and recurrent), drawn from `rng`. */
  dropoutMasks(rng: Rng, batch: number, rate: number): DropoutMasks {
    return {
      input: this.cells.map((c) => variationalMask(rng, batch, c.inputSize, rate)),
      recurrent: this.cells.map((c) => variationalMask(rng, batch, c.hiddenSize, rate)),
    };
  }

  private residualAt(l: number): boolean {
    return !!this.config.residual && l > 0 && this.cells[l]!.inputSize === this.cells[l]!.hiddenSize;
  }

  /**
   * Runs the whole stack over padded sequences.
   * @param inputs [B, T, I]
   * @param validMask [B, T]
   * @returns top-layer outputs [B, T, H] (0 at padding) and each layer's final state
   */
  run(
    inputs: tf.Tensor3D,
    validMask: tf.Tensor2D,
    options: StackRunOptions = {},
  ): { outputs: tf.Tensor3D; finals: CellState[] } {
    const { initial, masks, reverse, recurrence } = options;
    return tidy(() => {
      let x = inputs;
      const finals: CellState[] = [];
      this.cells.forEach((cell, l) => {
        const { outputs, final } = runSequence(cell, x, validMask, initial?.[l], {
          reverse,
          inputMask: masks?.input[l],
          recurrentMask: masks?.recurrent[l],
          recurrence,
        });
        x = this.residualAt(l) ? (outputs.add(x) as tf.Tensor3D) : outputs;
        finals.push(final);
      });
      return { outputs: x, finals };
    });
  }

  /**
   * One time step through every layer (decoders and language models).
   * @param x [B, I]
   * @param states one per layer
   * @returns the top layer's output [B, H] and the new states
   */
  step(
    x: tf.Tensor2D,
    states: CellState[],
    options: StackStepOptions = {},
  ): { output: tf.Tensor2D; states: CellState[] } {
    const { masks, validMask, reads } = options;
    return tidy(() => {
      let input = x;
      const next: CellState[] = [];
      this.cells.forEach((cell, l) => {
        const opts = { inputMask: masks?.input[l], recurrentMask: masks?.recurrent[l], reads };
        const s = validMask
          ? maskedStep(cell, input, states[l]!, validMask, opts)
          : dropoutStep(cell, input, states[l]!, opts);
        input = this.residualAt(l) ? (s.h.add(input) as tf.Tensor2D) : s.h;
        next.push(s);
      });
      return { output: input, states: next };
    });
  }
}
