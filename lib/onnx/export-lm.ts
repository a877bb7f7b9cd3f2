/**
 * Exports a language model (lib/models/language-model.ts) as ONNX graphs:
 *
 * **step** — `LanguageModel.stepModel().step`: inputs `tokens` [N] int32 (the caller maps BOS to EOS), `h_l` (and
 *   `c_l` for LSTM) [N, H] per layer; outputs `log_probs` [N, V] = log softmax(W_o h_top + b_o) and `h_l_next`
 *   (`c_l_next`). Every cell option exports (cell-step.ts).
 * **score** — `LanguageModel.scoreSentences` in one run: inputs `input_ids` [B, T] int32 (EOS w_1 … w_n, padded),
 *   `target_ids` [B, T] int32 (w_1 … w_n EOS), `lengths` [B] int32 (n + 1); output `token_log_probs` [B, T] =
 *   log p(target_t | input_≤t), 0 past each length. It runs ONNX's recurrent operators (sequence-layer.ts), so it
 *   is absent for layer-normalised cells (the engine then scores through the step graph).
 */
import type { StoredTensor } from '../io/index.js';
import { resolveLmConfig, type LanguageModelConfig } from '../models/lm-config.js';
import { GraphBuilder } from './graph-builder.js';
import { DataType } from './onnx-proto.js';
import { cellStep, type StepState } from './cell-step.js';
import { sequenceLayer } from './sequence-layer.js';
import { stateNames } from './export-seq2seq.js';
import { transpose, WeightTable } from './weight-table.js';

export interface LmGraphs {
  step: Uint8Array;
  /** Absent when the cells use layer norm. */
  score?: Uint8Array;
}

export function exportLanguageModel(partial: LanguageModelConfig, weights: readonly StoredTensor[]): LmGraphs {
  const config = resolveLmConfig(partial);
  const w = new WeightTable(weights);
  const metadata = { config: JSON.stringify(config), kind: 'lm' };
  const step = stepGraph(config, w).build({ docString: 's2s language model step', metadata });
  return config.layerNorm
    ? { step }
    : { step, score: scoreGraph(config, w).build({ docString: 's2s language model sentence scoring', metadata }) };
}

function stepGraph(config: LanguageModelConfig, w: WeightTable): GraphBuilder {
  const g = new GraphBuilder('lm_step');
  const H = config.hiddenSize;
  const tokens = g.input('tokens', DataType.INT32, ['N']);
  let input = g.op('Gather', [embeddingTable(g, w), tokens]); // [N] → [N, E]
  for (let l = 0; l < config.layers; l++) {
    const state: StepState = {
      h: g.input(stateNames(l).h, DataType.FLOAT, ['N', H]),
      ...(config.cell === 'lstm' ? { c: g.input(stateNames(l).c, DataType.FLOAT, ['N', H]) } : {}),
    };
    const next = cellStep(
      g,
      w,
      {
        kind: config.cell,
        prefix: `lm.rnn.l${l}`,
        inputSize: l === 0 ? config.embeddingSize : H,
        hiddenSize: H,
        layerNorm: config.layerNorm,
        peepholes: false,
      },
      input,
      state,
    );
    input = config.residual && l > 0 ? g.op('Add', [next.h, input]) : next.h;
    g.output(`${stateNames(l).h}_next`, next.h, DataType.FLOAT, ['N', H]);
    if (next.c) g.output(`${stateNames(l).c}_next`, next.c, DataType.FLOAT, ['N', H]);
  }
  g.output('log_probs', g.op('LogSoftmax', [logits(g, w, config, input)], { axis: 1 }), DataType.FLOAT, [
    'N',
    config.vocab,
  ]);
  return g;
}

function scoreGraph(config: LanguageModelConfig, w: WeightTable): GraphBuilder {
  const g = new GraphBuilder('lm_score');
  const H = config.hiddenSize;
  const inputs = g.input('input_ids', DataType.INT32, ['B', 'T']);
  const targets = g.input('target_ids', DataType.INT32, ['B', 'T']);
  const lengths = g.input('lengths', DataType.INT32, ['B']);
  let x = g.op('Transpose', [g.op('Gather', [embeddingTable(g, w), inputs])], { perm: [1, 0, 2] }); // [B, T] → [B, T, E] → [T, B, E]
  for (let l = 0; l < config.layers; l++) {
    const y = sequenceLayer(
      g,
      w,
      {
        kind: config.cell,
        cells: [`lm.rnn.l${l}`],
        inputSize: l === 0 ? config.embeddingSize : H,
        hiddenSize: H,
        peepholes: false,
      },
      x,
      lengths,
    ); // [T, B, H]
    x = config.residual && l > 0 ? g.op('Add', [y, x]) : y;
  }
  const hidden = g.op('Transpose', [x], { perm: [1, 0, 2] }); // [B, T, H]
  const logProbs = g.op('LogSoftmax', [logits(g, w, config, hidden)], { axis: 2 }); // [B, T, V]
  const gold = g.op('Squeeze', [
    g.op('GatherElements', [logProbs, g.op('Unsqueeze', [targets, g.ints([2])])], { axis: 2 }),
    g.ints([2]),
  ]); // [B, T]
  // padding: 0 past each length (the padded positions' log-probs are finite, so a product with the mask suffices)
  const steps = g.op('Squeeze', [g.op('Gather', [g.op('Shape', [inputs]), g.ints([1])])]);
  const positions = g.op('Range', [g.op('Squeeze', [g.ints([0])]), steps, g.op('Squeeze', [g.ints([1])])]); // [T]
  const valid = g.op(
    'Cast',
    [g.op('Less', [positions, g.op('Unsqueeze', [g.op('Cast', [lengths], { to: DataType.INT64 }), g.ints([1])])])],
    { to: DataType.FLOAT },
  ); // [B, T]
  g.output('token_log_probs', g.op('Mul', [gold, valid]), DataType.FLOAT, ['B', 'T']);
  return g;
}

function embeddingTable(g: GraphBuilder, w: WeightTable): string {
  return g.weight('lm.embedding.table', w.values('lm.embedding.table'), w.shape('lm.embedding.table'));
}

/** W_o h + b_o (tied: h · Eᵀ + b_o): [..., H] → [..., V]. */
function logits(g: GraphBuilder, w: WeightTable, config: LanguageModelConfig, hidden: string): string {
  const kernel = config.tieEmbeddings
    ? g.weight('lm.embedding.table_T', transpose(w.matrix('lm.embedding.table')).data, [
        config.embeddingSize,
        config.vocab,
      ])
    : g.weight('lm.output.kernel', w.values('lm.output.kernel'), w.shape('lm.output.kernel'));
  return g.op('Add', [
    g.op('MatMul', [hidden, kernel]),
    g.weight('lm.output.bias', w.values('lm.output.bias'), [config.vocab]),
  ]);
}
