/**
 * One time step of our recurrent cells (lib/nn/cells) as elementary ONNX ops, for the decoder and LM step graphs.
 * The formulas are the cells' own, op for op (see lstm-cell.ts, gru-cell.ts, rnn-cell.ts, layer-norm.ts), so the
 * step graphs cover every cell option, layer norm and peepholes included:
 *   LSTM  a = [x ; h] · W + b (or LN(a)); i, f, g, o = split(a); i, f += p ⊙ c (peepholes);
 *         c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g); o += p_o ⊙ c'; h' = σ(o) ⊙ tanh(c' or LN(c'))
 *   GRU   r, z = σ([x ; h] · W_rz + b_rz); ĥ = tanh([x ; r ⊙ h] · W_c + b_c); h' = (1 − z) ⊙ h + z ⊙ ĥ
 *   RNN   h' = tanh([x ; h] · W + b)
 *   LN(a) = γ ⊙ (a − μ) / √(σ² + ε) + β per gate block (μ, σ² over its H units)
 * Shapes: N rows, I input width, H hidden width, G gate blocks.
 */
import type { CellKind } from '../nn/cells/cell.js';
import { LAYER_NORM_EPSILON } from '../nn/cells/layer-norm.js';
import type { GraphBuilder } from './graph-builder.js';
import type { WeightTable } from './weight-table.js';

export interface CellStepSpec {
  kind: CellKind;
  /** Parameter-name prefix of the cell, e.g. `decoder.rnn.l0`. */
  prefix: string;
  inputSize: number;
  hiddenSize: number;
  layerNorm: boolean;
  peepholes: boolean;
}

/** The value names of one cell state: h [N, H], and c [N, H] for an LSTM. */
export interface StepState {
  h: string;
  c?: string;
}

/** x: [N, I] → the next state. */
export function cellStep(g: GraphBuilder, w: WeightTable, spec: CellStepSpec, x: string, state: StepState): StepState {
  const { prefix, hiddenSize: H } = spec;
  const kernel = (name: string): string =>
    g.weight(`${prefix}.${name}`, w.values(`${prefix}.${name}`), w.shape(`${prefix}.${name}`));
  /** pre-activation of `[x ; h] · W` plus bias, or layer-normalised: [N, G·H] */
  const affine = (input: string, kernelName: string, biasName: string, lnName: string, gates: number): string => {
    const pre = g.op('MatMul', [input, kernel(kernelName)]); // [N, I+H] · [I+H, G·H] → [N, G·H]
    return spec.layerNorm
      ? gateLayerNorm(g, w, `${prefix}.${lnName}`, pre, gates, H)
      : g.op('Add', [pre, kernel(biasName)]);
  };
  const xh = g.op('Concat', [x, state.h], { axis: 1 }); // [N, I+H]
  if (spec.kind === 'rnn') return { h: g.op('Tanh', [affine(xh, 'kernel', 'bias', 'ln', 1)]) };
  if (spec.kind === 'gru') {
    const [r, z] = g.opN(
      'Split',
      [g.op('Sigmoid', [affine(xh, 'gate_kernel', 'gate_bias', 'ln_gates', 2)]), g.ints([H, H])],
      2,
      { axis: 1 },
    ); // 2 × [N, H]
    const xrh = g.op('Concat', [x, g.op('Mul', [r!, state.h])], { axis: 1 }); // [N, I+H]
    const candidate = g.op('Tanh', [affine(xrh, 'candidate_kernel', 'candidate_bias', 'ln_candidate', 1)]);
    const keep = g.op('Mul', [g.op('Sub', [g.scalar(1), z!]), state.h]); // (1 − z) ⊙ h
    return { h: g.op('Add', [keep, g.op('Mul', [z!, candidate])]) };
  }
  const a = affine(xh, 'kernel', 'bias', 'ln_gates', 4);
  const gates = g.opN('Split', [a, g.ints([H, H, H, H])], 4, { axis: 1 }) as [string, string, string, string]; // 4 × [N, H]
  let [ai, af] = gates;
  const [, , ag, ao] = gates;
  let peepOut: string | undefined;
  if (spec.peepholes) {
    const [pI, pF, pO] = g.opN('Split', [kernel('peepholes'), g.ints([1, 1, 1])], 3, { axis: 0 }) as [
      string,
      string,
      string,
    ]; // 3 × [1, H]
    ai = g.op('Add', [ai, g.op('Mul', [state.c!, pI])]);
    af = g.op('Add', [af, g.op('Mul', [state.c!, pF])]);
    peepOut = pO;
  }
  const c = g.op('Add', [
    g.op('Mul', [g.op('Sigmoid', [af]), state.c!]),
    g.op('Mul', [g.op('Sigmoid', [ai]), g.op('Tanh', [ag])]),
  ]);
  const o = g.op('Sigmoid', [peepOut ? g.op('Add', [ao, g.op('Mul', [c, peepOut])]) : ao]);
  const cOut = spec.layerNorm ? gateLayerNorm(g, w, `${prefix}.ln_cell`, c, 1, H) : c;
  return { h: g.op('Mul', [o, g.op('Tanh', [cOut])]), c };
}

/** Layer norm of each of G gate blocks: a [N, G·H] → [N, G·H], with γ, β: [G, H] named `${name}.gain` / `.bias`. */
function gateLayerNorm(
  g: GraphBuilder,
  w: WeightTable,
  name: string,
  a: string,
  gates: number,
  hidden: number,
): string {
  const gain = g.weight(`${name}.gain`, w.values(`${name}.gain`), [gates, hidden]);
  const bias = g.weight(`${name}.bias`, w.values(`${name}.bias`), [gates, hidden]);
  const blocks = g.op('Reshape', [a, g.ints([0, gates, hidden])]); // [N, G·H] → [N, G, H]
  const mean = g.op('ReduceMean', [blocks], { axes: [2], keepdims: 1 }); // [N, G, 1]
  const centred = g.op('Sub', [blocks, mean]);
  const variance = g.op('ReduceMean', [g.op('Mul', [centred, centred])], { axes: [2], keepdims: 1 }); // [N, G, 1]
  const normed = g.op('Div', [centred, g.op('Sqrt', [g.op('Add', [variance, g.scalar(LAYER_NORM_EPSILON)])])]);
  return g.op('Reshape', [g.op('Add', [g.op('Mul', [normed, gain]), bias]), g.ints([0, gates * hidden])]); // [N, G, H] → [N, G·H]
}
