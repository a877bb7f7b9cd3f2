/**
 * Configuration of the encoder–decoder. The library owns every default (`SEQ2SEQ_DEFAULTS`, the configuration
 * `s2s train` builds too: the CLI derives its flag defaults from it); `resolveSeq2SeqConfig` fills them in and
 * validates the combination once, reporting errors by field (`details.field`).
 */
import type { CellKind } from '../nn/cells/cell.js';
import { invalidField } from '../errors.js';
import { checkModelSizes } from './size-limits.js';

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

export const SEQ2SEQ_DEFAULTS: Readonly<Omit<Seq2SeqConfig, 'sourceVocab' | 'targetVocab'>> = Object.freeze({
  /** LSTM: the most robust of the three cells on translation. */
  cell: 'lstm',
  /** E = 128: a small-data size (the shipped en-es model, V = 4000 on ~31k Bible verses, uses it too). */
  embeddingSize: 128,
  /** H = 256: 128 per direction of the bidirectional encoder. */
  hiddenSize: 256,
  /** One encoder layer (bidirectional). */
  encoderLayers: 1,
  /** One decoder layer. */
  decoderLayers: 1,
  /** Read the source both ways (Bahdanau et al., 2015). */
  bidirectional: true,
  /** Bahdanau attention on. */
  attention: true,
  /** A = H. */
  attentionSize: 256,
  /** Variational dropout 0.2 (Gal & Ghahramani, 2016): a small-data default. */
  dropout: 0.2,
  /** Off: one layer per side has no layer of equal width to skip over. */
  residual: false,
  /** Off: no measured gain at this size, and the fused training recurrence covers plain cells only. */
  layerNorm: false,
  /** Off (as the fused recurrence requires). */
  peepholes: false,
  /** c_i feeds the output layer too (Bahdanau). */
  outputContext: true,
  /** No bridge: logits straight from [s_i ; c_i]. */
  bridgeSize: 0,
  /** Off (needs bridgeSize = embeddingSize). */
  tieTargetEmbeddings: false,
  /** s_0 from the mean encoder state. */
  decoderInit: 'mean-projection',
  /** ε = 0.1 (Szegedy et al., 2016; as in most NMT recipes). */
  labelSmoothing: 0.1,
});

export function resolveSeq2SeqConfig(
  partial: Partial<Seq2SeqConfig> & Pick<Seq2SeqConfig, 'sourceVocab' | 'targetVocab'>,
): Seq2SeqConfig {
  const config: Seq2SeqConfig = { ...SEQ2SEQ_DEFAULTS, ...partial };
  const bad = (field: keyof Seq2SeqConfig, expected: string): never => {
    throw invalidField('model config', field, expected, config[field]);
  };
  checkModelSizes('model config', config, {
    widths: ['embeddingSize', 'hiddenSize', 'attentionSize'],
    optionalWidths: ['bridgeSize'],
    layers: ['encoderLayers', 'decoderLayers'],
    vocabs: ['sourceVocab', 'targetVocab'],
  });
  if (!['lstm', 'gru', 'rnn'].includes(config.cell)) bad('cell', 'lstm, gru or rnn');
  if (!['mean-projection', 'zeros'].includes(config.decoderInit)) bad('decoderInit', 'mean-projection or zeros');
  if (config.bidirectional && config.hiddenSize % 2 !== 0)
    bad('hiddenSize', 'even with a bidirectional encoder (it is split over two directions)');
  if (!(config.dropout >= 0 && config.dropout < 1)) bad('dropout', 'in [0, 1)');
  if (!(config.labelSmoothing >= 0 && config.labelSmoothing < 1)) bad('labelSmoothing', 'in [0, 1)');
  if (config.tieTargetEmbeddings && config.bridgeSize !== config.embeddingSize)
    bad('bridgeSize', `the embedding size (${config.embeddingSize}) when the target embeddings are tied`);
  return config;
}
