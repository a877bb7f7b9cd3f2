/**
 * Configuration of the encoder–decoder. Every field has a default in `SEQ2SEQ_DEFAULTS`; `resolveSeq2SeqConfig`
 * fills them in and validates the combination.
 */
import type { CellKind } from '../nn/cells/cell.js';
import { OptionError } from '../errors.js';

export interface Seq2SeqConfig {
  /** Recurrent cell of encoder and decoder. */
  cell: CellKind;
  /** Source and target vocabulary sizes (specials included). */
  sourceVocab: number;
  targetVocab: number;
  /** E: embedding width (source and target). */
  embeddingSize: number;
  /** H: decoder width; the encoder's output width C is H too (H/2 per direction when bidirectional). */
  hiddenSize: number;
  encoderLayers: number;
  decoderLayers: number;
  bidirectional: boolean;
  /** Bahdanau attention; without it the decoder sees the source only through its initial state. */
  attention: boolean;
  /** A: attention width. */
  attentionSize: number;
  /** Variational dropout rate on embeddings, layer inputs, recurrent connections and output features. */
  dropout: number;
  /** Residual connections between layers of equal width in the decoder and a unidirectional encoder (a bidirectional
   * encoder concatenates its directions and has none). */
  residual: boolean;
  layerNorm: boolean;
  peepholes: boolean;
  /** Feed the attention context c_i to the output layer as well as to the RNN (Bahdanau); false: from s_i alone. */
  outputContext: boolean;
  /**
   * Output features: `o_i = tanh(W_b [s_i ; c_i] + b_b)` of width `bridgeSize` (0: no bridge, o_i = [s_i ; c_i], or
   * s_i without attention). Logits = W_o o_i + b_o.
   */
  bridgeSize: number;
  /** Share the target embedding matrix with the output projection (needs bridgeSize = embeddingSize). */
  tieTargetEmbeddings: boolean;
  /** Decoder initial state: a learned projection of the mean encoder output, or zeros. */
  decoderInit: 'mean-projection' | 'zeros';
  /** ε of label smoothing in the training loss (0 = plain cross-entropy). */
  labelSmoothing: number;
}

export const SEQ2SEQ_DEFAULTS: Omit<Seq2SeqConfig, 'sourceVocab' | 'targetVocab'> = {
  cell: 'lstm',
  embeddingSize: 256,
  hiddenSize: 512,
  encoderLayers: 1,
  decoderLayers: 2,
  bidirectional: true,
  attention: true,
  attentionSize: 512,
  dropout: 0.2,
  residual: false,
  layerNorm: false,
  peepholes: false,
  outputContext: true,
  bridgeSize: 256,
  tieTargetEmbeddings: false,
  decoderInit: 'mean-projection',
  labelSmoothing: 0.1,
};

export function resolveSeq2SeqConfig(partial: Partial<Seq2SeqConfig> & Pick<Seq2SeqConfig, 'sourceVocab' | 'targetVocab'>): Seq2SeqConfig {
  const config = { ...SEQ2SEQ_DEFAULTS, ...partial };
  const positive = ['sourceVocab', 'targetVocab', 'embeddingSize', 'hiddenSize', 'encoderLayers', 'decoderLayers', 'attentionSize'] as const;
  for (const key of positive) {
    if (!Number.isInteger(config[key]) || config[key] < 1) throw new OptionError('E_OPTION_INVALID', `model config: ${key} must be a positive integer, got ${config[key]}`, { key });
  }
  if (!['lstm', 'gru', 'rnn'].includes(config.cell)) throw new OptionError('E_OPTION_INVALID', `model config: cell must be lstm, gru or rnn, got '${config.cell}'`);
  if (!['mean-projection', 'zeros'].includes(config.decoderInit)) throw new OptionError('E_OPTION_INVALID', `model config: decoderInit must be mean-projection or zeros, got '${config.decoderInit}'`);
  if (!Number.isInteger(config.bridgeSize) || config.bridgeSize < 0) throw new OptionError('E_OPTION_INVALID', `model config: bridgeSize must be an integer ≥ 0 (0 = no bridge), got ${config.bridgeSize}`);
  if (config.bidirectional && config.hiddenSize % 2 !== 0) throw new OptionError('E_OPTION_INVALID', `model config: a bidirectional encoder splits hiddenSize over two directions, so it must be even, got ${config.hiddenSize}`);
  if (!(config.dropout >= 0 && config.dropout < 1)) throw new OptionError('E_OPTION_INVALID', `model config: dropout must be in [0, 1), got ${config.dropout}`);
  if (!(config.labelSmoothing >= 0 && config.labelSmoothing < 1)) throw new OptionError('E_OPTION_INVALID', `model config: labelSmoothing must be in [0, 1), got ${config.labelSmoothing}`);
  if (config.tieTargetEmbeddings && config.bridgeSize !== config.embeddingSize) {
    throw new OptionError('E_OPTION_INVALID', `model config: tieTargetEmbeddings needs bridgeSize = embeddingSize (${config.embeddingSize}), got bridgeSize ${config.bridgeSize}`);
  }
  return config;
}
