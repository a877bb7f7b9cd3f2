/**
 * One recurrent layer over a whole padded sequence as ONNX's own `LSTM` / `GRU` / `RNN` operator (one node for
 * both directions of a bidirectional layer). The operators' conventions differ from ours (lib/nn/cells), so the
 * weights are re-laid out here:
 *   - ONNX takes `W: [D, G·H, I]`, `R: [D, G·H, H]` (our packed kernel `[I+H, G·H]`, split into its x and h rows and
 *     transposed) and `B: [D, 2·G·H]` = input bias ‖ recurrent bias (ours is all input bias; the recurrent half is 0);
 *   - LSTM gate order: ours i, f, g, o → ONNX i, o, f, c; peepholes ours p_i, p_f, p_o → ONNX i, o, f;
 *   - GRU gate order: ours r, z (+ candidate) → ONNX z, r, h, with `linear_before_reset = 0` (the candidate reads
 *     `W_h x + R_h (r ⊙ h)`, as ours does). ONNX's update gate weights the OLD state, `h_t = (1 − z) ⊙ ĥ + z ⊙ h`,
 *     ours the new candidate; since `1 − σ(a) = σ(−a)`, exporting −W_z, −b_z turns one into the other exactly;
 *   - padding: `sequence_lens` [B]; outputs past a sequence's length are 0 and the reverse direction starts at its
 *     last real token — the same as our masked unroll (lib/nn/sequence.ts).
 * Layer normalisation inside the cell has no ONNX operator form: such models are refused by the caller.
 */
import type { CellKind } from '../nn/cells/cell.js';
import type { GraphBuilder } from './graph-builder.js';
import {
  columnBlock,
  concatValues,
  negate,
  rowRange,
  transpose,
  type Matrix,
  type WeightTable,
} from './weight-table.js';

export interface SequenceLayerSpec {
  kind: CellKind;
  /** Parameter-name prefix of each direction's cell: one (forward) or two (forward, backward). */
  cells: readonly string[];
  /** I */
  inputSize: number;
  /** H per direction */
  hiddenSize: number;
  peepholes: boolean;
}

/**
 * @param x time-major input [S, B, I]
 * @param lengths real length of each sequence [B], int32
 * @returns [S, B, D·H], 0 past each sequence's length
 */
export function sequenceLayer(
  g: GraphBuilder,
  w: WeightTable,
  spec: SequenceLayerSpec,
  x: string,
  lengths: string,
): string {
  const dirs = spec.cells.map((prefix) => onnxWeights(w, spec, prefix));
  const H = spec.hiddenSize;
  const D = dirs.length;
  const G = dirs[0]!.gates;
  const name = `${spec.cells[0]}`;
  const W = g.weight(`${name}.onnx_W`, concatValues(dirs.map((d) => d.W)), [D, G * H, spec.inputSize]);
  const R = g.weight(`${name}.onnx_R`, concatValues(dirs.map((d) => d.R)), [D, G * H, H]);
  const B = g.weight(`${name}.onnx_B`, concatValues(dirs.map((d) => d.B)), [D, 2 * G * H]);
  const inputs = [x, W, R, B, lengths];
  const peep = dirs[0]!.P ? g.weight(`${name}.onnx_P`, concatValues(dirs.map((d) => d.P!)), [D, 3 * H]) : undefined;
  if (peep) inputs.push('', '', peep); // initial_h, initial_c omitted (zeros)
  const opType = { lstm: 'LSTM', gru: 'GRU', rnn: 'RNN' }[spec.kind];
  const attributes = {
    hidden_size: H,
    direction: D === 2 ? 'bidirectional' : 'forward',
    ...(spec.kind === 'gru' ? { linear_before_reset: 0 } : {}),
  };
  const y = g.op(opType, inputs, attributes); // [S, D, B, H]
  if (D === 1) return g.op('Squeeze', [y, g.ints([1])]); // [S, 1, B, H] → [S, B, H]
  return g.op('Reshape', [g.op('Transpose', [y], { perm: [0, 2, 1, 3] }), g.ints([0, 0, -1])]); // [S, 2, B, H] → [S, B, 2, H] → [S, B, 2H]: [→h ; ←h]
}

interface DirectionWeights {
  gates: number;
  /** [G·H, I] */
  W: Float32Array;
  /** [G·H, H] */
  R: Float32Array;
  /** [2·G·H] */
  B: Float32Array;
  /** [3·H] (LSTM peepholes) */
  P?: Float32Array;
}

/** Our LSTM gate blocks in ONNX's order i, o, f, c. */
const LSTM_ORDER = [0, 3, 1, 2];
/** Our peephole rows (p_i, p_f, p_o) in ONNX's order i, o, f. */
const PEEPHOLE_ORDER = [0, 2, 1];

function onnxWeights(w: WeightTable, spec: SequenceLayerSpec, prefix: string): DirectionWeights {
  const I = spec.inputSize;
  const H = spec.hiddenSize;
  /** Gate block `block` of kernel k, as [H, I] (x rows) and [H, H] (h rows). */
  const split = (k: Matrix, block: number): { x: Float32Array; h: Float32Array } => ({
    x: transpose(columnBlock(rowRange(k, 0, I), block, H)).data,
    h: transpose(columnBlock(rowRange(k, I, I + H), block, H)).data,
  });
  if (spec.kind === 'gru') {
    const gate = w.matrix(`${prefix}.gate_kernel`);
    const cand = w.matrix(`${prefix}.candidate_kernel`);
    const gateBias = w.values(`${prefix}.gate_bias`);
    const r = split(gate, 0);
    const z = split(gate, 1);
    const c = split(cand, 0);
    return {
      gates: 3,
      W: concatValues([negate(z.x), r.x, c.x]),
      R: concatValues([negate(z.h), r.h, c.h]),
      B: concatValues([
        negate(gateBias.slice(H, 2 * H)),
        gateBias.slice(0, H),
        w.values(`${prefix}.candidate_bias`),
        new Float32Array(3 * H),
      ]),
    };
  }
  const kernel = w.matrix(`${prefix}.kernel`);
  const bias = w.values(`${prefix}.bias`);
  const order = spec.kind === 'lstm' ? LSTM_ORDER : [0];
  const blocks = order.map((b) => split(kernel, b));
  const result: DirectionWeights = {
    gates: order.length,
    W: concatValues(blocks.map((b) => b.x)),
    R: concatValues(blocks.map((b) => b.h)),
    B: concatValues([...order.map((b) => bias.slice(b * H, (b + 1) * H)), new Float32Array(order.length * H)]),
  };
  if (spec.kind === 'lstm' && spec.peepholes) {
    const p = w.values(`${prefix}.peepholes`);
    result.P = concatValues(PEEPHOLE_ORDER.map((row) => p.slice(row * H, (row + 1) * H)));
  }
  return result;
}
