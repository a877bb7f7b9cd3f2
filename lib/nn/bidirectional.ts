/**
 * Deep bidirectional encoder (Schuster & Paliwal, 1997): at every layer a forward and a backward RNN read the
 * previous layer's output and their states at each position are concatenated, `y_j = [→h_j ; ←h_j]`; layer l+1 reads
 * y (width 2·H_dir). Each direction has its own weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from './params.js';
import type { CellKind, CellOptions, CellState } from './cells/cell.js';
import { StackedRnn } from './stacked-rnn.js';
import type { RecurrenceMode } from './fused/run-sequence.js';
import type { DropoutMasks } from './dropout.js';
import type { Rng } from '../util/random.js';
import { tidy } from './tidy.js';

export interface BidirectionalConfig {
  cell: CellKind;
  inputSize: number;
  /** H_dir: width of each direction; outputs are 2·H_dir wide. */
  hiddenSize: number;
  layers: number;
  cellOptions?: CellOptions;
}

/** Dropout masks per layer and direction. */
export interface BidirectionalMasks {
  forward: DropoutMasks[];
  backward: DropoutMasks[];
}

export class BidirectionalRnn {
  /** One single-layer RNN per layer and direction. */
  private readonly forward: StackedRnn[];
  private readonly backward: StackedRnn[];

  constructor(
    name: string,
    store: ParamStore,
    readonly config: BidirectionalConfig,
  ) {
    const layer = (dir: string, l: number): StackedRnn =>
      new StackedRnn(`${name}.${dir}.l${l}`, store, {
        cell: config.cell,
        inputSize: l === 0 ? config.inputSize : 2 * config.hiddenSize,
        hiddenSize: config.hiddenSize,
        layers: 1,
        cellOptions: config.cellOptions,
      });
    this.forward = Array.from({ length: config.layers }, (_, l) => layer('fwd', l));
    this.backward = Array.from({ length: config.layers }, (_, l) => layer('bwd', l));
  }

  /** Width of the outputs: 2·H_dir. */
  get outputSize(): number {
    return 2 * this.config.hiddenSize;
  }

  /** Dropout masks per layer and direction. */
  dropoutMasks(rng: Rng, batch: number, rate: number): BidirectionalMasks {
    return {
      forward: this.forward.map((r) => r.dropoutMasks(rng, batch, rate)),
      backward: this.backward.map((r) => r.dropoutMasks(rng, batch, rate)),
    };
  }

  /**
   * @param inputs [B, S, I]
   * @param validMask [B, S]
   * @returns outputs [B, S, 2·H_dir] (0 at padding) and, per layer, the final state of each direction concatenated
   *   (`h = [→h_last ; ←h_first]`: [B, 2·H_dir])
   */
  run(
    inputs: tf.Tensor3D,
    validMask: tf.Tensor2D,
    options: { masks?: BidirectionalMasks; recurrence?: RecurrenceMode } = {},
  ): { outputs: tf.Tensor3D; finals: CellState[] } {
    const { masks, recurrence } = options;
    return tidy(() => {
      let x = inputs;
      const finals: CellState[] = [];
      for (let l = 0; l < this.config.layers; l++) {
        const fwd = this.forward[l]!.run(x, validMask, { masks: masks?.forward[l], recurrence });
        const bwd = this.backward[l]!.run(x, validMask, { masks: masks?.backward[l], reverse: true, recurrence });
        x = tf.concat([fwd.outputs, bwd.outputs], 2); // 2 × [B, S, H_dir] → [B, S, 2·H_dir]
        const f = fwd.finals[0]!;
        const b = bwd.finals[0]!;
        finals.push(
          f.c && b.c ? { h: tf.concat([f.h, b.h], 1), c: tf.concat([f.c, b.c], 1) } : { h: tf.concat([f.h, b.h], 1) },
        );
      }
      return { outputs: x, finals };
    });
  }
}
