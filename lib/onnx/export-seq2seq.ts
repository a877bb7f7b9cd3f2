/**
 * Exports a translation model (lib/models/seq2seq.ts) as two ONNX graphs, the same computation as `Seq2Seq.encode`
 * and `Seq2Seq.stepModel().step`:
 *
 * **encoder** — inputs `source_ids` [B, S] int32 (EOS appended, right-padded), `source_lengths` [B] int32; outputs
 *   `memory` h [B, S, C] (0 at padding), `source_mask` [B, S] (1 = real token), with attention `keys` U_a h + b_a
 *   [B, S, A], and with a mean-projection init `init_h_l` = tanh(W_init,l h̄ + b) [B, H] per decoder layer.
 * **step** — one decoder step: inputs `tokens` [N] int32 (y_{i−1}), `h_l` (and `c_l` for LSTM) [N, H] per layer, with
 *   attention `memory`, `keys`, `source_mask` row-aligned [N, S, ·]; outputs `log_probs` [N, V], `h_l_next`
 *   (`c_l_next`), and with attention the weights `attention` [N, S]. The formulas are in lib/models/decoder.ts.
 *
 * The encoder runs ONNX's recurrent operators (sequence-layer.ts); the step graph spells each cell out in elementary
 * ops (cell-step.ts). Refused, with the reason: layer normalisation in the encoder (no ONNX operator has it).
 */
import type { StoredTensor } from '../io/index.js';
import { resolveSeq2SeqConfig, type Seq2SeqConfig } from '../models/seq2seq-config.js';
import { GraphBuilder } from './graph-builder.js';
import { DataType } from './onnx-proto.js';
import { sequenceLayer } from './sequence-layer.js';
import { cellStep, type StepState } from './cell-step.js';
import { transpose, WeightTable } from './weight-table.js';
import { OnnxExportError } from './export-error.js';

export interface Seq2SeqGraphs {
  encoder: Uint8Array;
  step: Uint8Array;
}

/** Graph input/output names of the step graph's state, per decoder layer l. */
export const stateNames = (l: number): { h: string; c: string } => ({ h: `h_${l}`, c: `c_${l}` });

/** @throws OnnxExportError naming what cannot be exported, or a weight the config implies but the file lacks */
export function exportSeq2Seq(partial: Seq2SeqConfig, weights: readonly StoredTensor[]): Seq2SeqGraphs {
  const config = resolveSeq2SeqConfig(partial);
  if (config.layerNorm) {
    throw new OnnxExportError(
      'E_ONNX_UNSUPPORTED',
      "export: layer normalisation inside the encoder cells (layerNorm: true) cannot be exported: ONNX's LSTM/GRU/RNN operators have no layer norm. Translate this model with --engine tfjs.",
      { feature: 'layerNorm' },
    );
  }
  const w = new WeightTable(weights);
  const metadata = { config: JSON.stringify(config), kind: 'seq2seq' };
  return {
    encoder: encoderGraph(config, w).build({ docString: 's2s encoder', metadata }),
    step: stepGraph(config, w).build({ docString: 's2s decoder step', metadata }),
  };
}

function encoderGraph(config: Seq2SeqConfig, w: WeightTable): GraphBuilder {
  const g = new GraphBuilder('encoder');
  const ids = g.input('source_ids', DataType.INT32, ['B', 'S']);
  const lengths = g.input('source_lengths', DataType.INT32, ['B']);
  const table = g.weight(
    'encoder.embedding.table',
    w.values('encoder.embedding.table'),
    w.shape('encoder.embedding.table'),
  );
  let x = g.op('Transpose', [g.op('Gather', [table, ids])], { perm: [1, 0, 2] }); // [B, S] → [B, S, E] → [S, B, E]
  const dirs = config.bidirectional ? ['fwd', 'bwd'] : [];
  const width = config.bidirectional ? config.hiddenSize / 2 : config.hiddenSize;
  for (let l = 0; l < config.encoderLayers; l++) {
    const cells = config.bidirectional ? dirs.map((d) => `encoder.rnn.${d}.l${l}.l0`) : [`encoder.rnn.l${l}`];
    const inputSize = l === 0 ? config.embeddingSize : config.hiddenSize;
    const y = sequenceLayer(
      g,
      w,
      { kind: config.cell, cells, inputSize, hiddenSize: width, peepholes: config.peepholes },
      x,
      lengths,
    ); // [S, B, C]
    x = !config.bidirectional && config.residual && l > 0 ? g.op('Add', [y, x]) : y;
  }
  const memory = g.op('Transpose', [x], { perm: [1, 0, 2] }); // [S, B, C] → [B, S, C]
  g.output('memory', memory, DataType.FLOAT, ['B', 'S', config.hiddenSize]);
  // source_mask[b, j] = j < length_b
  const steps = g.op('Gather', [g.op('Shape', [ids]), g.ints([1])]); // [1]: S
  const positions = g.op(
    'Range',
    [g.ints([0]), steps, g.ints([1])].map((v) => g.op('Squeeze', [v])),
  ); // [S] int64
  const lengths64 = g.op('Unsqueeze', [g.op('Cast', [lengths], { to: DataType.INT64 }), g.ints([1])]); // [B, 1]
  const mask = g.op('Cast', [g.op('Less', [positions, lengths64])], { to: DataType.FLOAT }); // [B, S]
  g.output('source_mask', mask, DataType.FLOAT, ['B', 'S']);
  if (config.attention) {
    const keys = g.op('Add', [
      g.op('MatMul', [memory, param(g, w, 'decoder.attention.key_kernel')]),
      param(g, w, 'decoder.attention.key_bias'),
    ]); // [B, S, C] · [C, A] → [B, S, A]
    g.output('keys', keys, DataType.FLOAT, ['B', 'S', config.attentionSize]);
  }
  if (config.decoderInit === 'mean-projection') {
    const counts = g.op('Max', [g.op('ReduceSum', [mask, g.ints([1])], { keepdims: 1 }), g.scalar(1)]); // [B, 1]
    const summary = g.op('Div', [g.op('ReduceSum', [memory, g.ints([1])], { keepdims: 0 }), counts]); // h̄: [B, S, C] → [B, C]
    for (let l = 0; l < config.decoderLayers; l++) {
      const h = g.op('Tanh', [
        g.op('Add', [
          g.op('MatMul', [summary, param(g, w, `decoder.init.l${l}.kernel`)]),
          param(g, w, `decoder.init.l${l}.bias`),
        ]),
      ]); // [B, C] → [B, H]
      g.output(`init_h_${l}`, h, DataType.FLOAT, ['B', config.hiddenSize]);
    }
  }
  return g;
}

function stepGraph(config: Seq2SeqConfig, w: WeightTable): GraphBuilder {
  const g = new GraphBuilder('decoder_step');
  const H = config.hiddenSize;
  const tokens = g.input('tokens', DataType.INT32, ['N']);
  const states: StepState[] = Array.from({ length: config.decoderLayers }, (_, l) => ({
    h: g.input(stateNames(l).h, DataType.FLOAT, ['N', H]),
    ...(config.cell === 'lstm' ? { c: g.input(stateNames(l).c, DataType.FLOAT, ['N', H]) } : {}),
  }));
  const table = g.weight(
    'decoder.embedding.table',
    w.values('decoder.embedding.table'),
    w.shape('decoder.embedding.table'),
  );
  let input = g.op('Gather', [table, tokens]); // [N] → [N, E]
  let context: string | undefined;
  if (config.attention) {
    const memory = g.input('memory', DataType.FLOAT, ['N', 'S', H]);
    const keys = g.input('keys', DataType.FLOAT, ['N', 'S', config.attentionSize]);
    const mask = g.input('source_mask', DataType.FLOAT, ['N', 'S']);
    let weights: string;
    ({ context, weights } = attend(g, w, states.at(-1)!.h, keys, memory, mask));
    g.output('attention', weights, DataType.FLOAT, ['N', 'S']);
    input = g.op('Concat', [input, context], { axis: 1 }); // [N, E + C]
  }
  states.forEach((state, l) => {
    const inputSize = l === 0 ? config.embeddingSize + (config.attention ? H : 0) : H;
    const next = cellStep(
      g,
      w,
      {
        kind: config.cell,
        prefix: `decoder.rnn.l${l}`,
        inputSize,
        hiddenSize: H,
        layerNorm: config.layerNorm,
        peepholes: config.peepholes,
      },
      input,
      state,
    );
    input = config.residual && l > 0 ? g.op('Add', [next.h, input]) : next.h;
    g.output(`${stateNames(l).h}_next`, next.h, DataType.FLOAT, ['N', H]);
    if (next.c) g.output(`${stateNames(l).c}_next`, next.c, DataType.FLOAT, ['N', H]);
  });
  const raw = context && config.outputContext ? g.op('Concat', [input, context], { axis: 1 }) : input; // [N, H (+ C)]
  const features =
    config.bridgeSize > 0
      ? g.op('Tanh', [
          g.op('Add', [
            g.op('MatMul', [raw, param(g, w, 'decoder.bridge.kernel')]),
            param(g, w, 'decoder.bridge.bias'),
          ]),
        ])
      : raw; // [N, F]
  const outputKernel = config.tieTargetEmbeddings
    ? g.weight('decoder.embedding.table_T', transpose(w.matrix('decoder.embedding.table')).data, [
        config.embeddingSize,
        config.targetVocab,
      ]) // Eᵀ: [E, V]
    : param(g, w, 'decoder.output.kernel');
  const logits = g.op('Add', [g.op('MatMul', [features, outputKernel]), param(g, w, 'decoder.output.bias')]); // [N, F] · [F, V] → [N, V]
  g.output('log_probs', g.op('LogSoftmax', [logits], { axis: 1 }), DataType.FLOAT, ['N', config.targetVocab]);
  return g;
}

/**
 * Bahdanau attention (lib/nn/attention.ts): e_j = vᵀ tanh(W_a s + k_j), α = softmax over real positions (padding
 * gets exactly 0), c = Σ_j α_j h_j. query s [N, H], keys [N, S, A], memory [N, S, C], mask [N, S].
 */
function attend(
  g: GraphBuilder,
  w: WeightTable,
  query: string,
  keys: string,
  memory: string,
  mask: string,
): { context: string; weights: string } {
  const q = g.op('Unsqueeze', [g.op('MatMul', [query, param(g, w, 'decoder.attention.query_kernel')]), g.ints([1])]); // [N, H] · [H, A] → [N, 1, A]
  const energies = g.op('Squeeze', [
    g.op('MatMul', [g.op('Tanh', [g.op('Add', [keys, q])]), param(g, w, 'decoder.attention.v')]),
    g.ints([2]),
  ]); // [N, S, A] · [A, 1] → [N, S]
  const masked = g.op('Where', [g.op('Greater', [mask, g.scalar(0)]), energies, g.scalar(Number.NEGATIVE_INFINITY)]);
  const weights = g.op('Softmax', [masked], { axis: 1 }); // [N, S]
  const context = g.op('Squeeze', [g.op('MatMul', [g.op('Unsqueeze', [weights, g.ints([1])]), memory]), g.ints([1])]); // [N, 1, S] · [N, S, C] → [N, C]
  return { context, weights };
}

/** An initializer holding checkpoint weight `name` as stored. */
function param(g: GraphBuilder, w: WeightTable, name: string): string {
  return g.weight(name, w.values(name), w.shape(name));
}
