/**
 * The model-shape options of `s2s train` and `s2s lm train`: flags with their config field (the `*_FLAGS` tables,
 * also used to word errors) and defaults taken from the library's `SEQ2SEQ_DEFAULTS` / `LM_DEFAULTS`, so a command
 * without model flags builds the library's default model.
 */
import type { OptionsSpec, OptionValues } from '../cli/args.js';
import { SEQ2SEQ_DEFAULTS, resolveSeq2SeqConfig, type Seq2SeqConfig } from '../../lib/models/seq2seq-config.js';
import { LM_DEFAULTS, resolveLmConfig, type LanguageModelConfig } from '../../lib/models/lm-config.js';
import type { CellKind } from '../../lib/nn/cells/cell.js';
import { withFlagErrors, type FlagTable } from '../cli/flag-errors.js';

const CELLS: readonly CellKind[] = ['lstm', 'gru', 'rnn'];

export const SEQ2SEQ_CLI_OPTIONS = {
  cell: { type: 'string', choices: CELLS, default: SEQ2SEQ_DEFAULTS.cell, description: 'recurrent cell' },
  'embedding-size': { type: 'number', default: SEQ2SEQ_DEFAULTS.embeddingSize, description: 'E: embedding width' },
  'hidden-size': { type: 'number', default: SEQ2SEQ_DEFAULTS.hiddenSize, description: 'H: recurrent width' },
  dropout: {
    type: 'number',
    description: `variational dropout rate (default: ${SEQ2SEQ_DEFAULTS.dropout}; with --init-from: replaces the model's)`,
  },
  'layer-norm': {
    type: 'boolean',
    default: SEQ2SEQ_DEFAULTS.layerNorm,
    description: 'layer normalisation inside the cells',
  },
  residual: {
    type: 'boolean',
    default: SEQ2SEQ_DEFAULTS.residual,
    description: 'residual connections between layers of equal width',
  },
  'encoder-layers': { type: 'number', default: SEQ2SEQ_DEFAULTS.encoderLayers, description: 'encoder layers' },
  'decoder-layers': { type: 'number', default: SEQ2SEQ_DEFAULTS.decoderLayers, description: 'decoder layers' },
  unidirectional: {
    type: 'boolean',
    default: !SEQ2SEQ_DEFAULTS.bidirectional,
    description: 'forward-only encoder (default: bidirectional)',
  },
  'no-attention': {
    type: 'boolean',
    default: !SEQ2SEQ_DEFAULTS.attention,
    description: 'no attention: the decoder sees the source only through its initial state',
  },
  'attention-size': { type: 'number', default: SEQ2SEQ_DEFAULTS.attentionSize, description: 'A: attention width' },
  'bridge-size': {
    type: 'number',
    default: SEQ2SEQ_DEFAULTS.bridgeSize,
    description: 'tanh layer before the output (0 = none)',
  },
  'tie-embeddings': {
    type: 'boolean',
    default: SEQ2SEQ_DEFAULTS.tieTargetEmbeddings,
    description: 'share target embeddings with the output layer (needs --bridge-size = --embedding-size)',
  },
  'label-smoothing': {
    type: 'number',
    description: `ε of label smoothing (default: ${SEQ2SEQ_DEFAULTS.labelSmoothing}; with --init-from: replaces the model's)`,
  },
} as const satisfies OptionsSpec;

/** `Seq2SeqConfig` field → flag. */
export const SEQ2SEQ_FLAGS: FlagTable = {
  cell: '--cell',
  embeddingSize: '--embedding-size',
  hiddenSize: '--hidden-size',
  dropout: '--dropout',
  layerNorm: '--layer-norm',
  residual: '--residual',
  encoderLayers: '--encoder-layers',
  decoderLayers: '--decoder-layers',
  bidirectional: '--unidirectional',
  attention: '--no-attention',
  attentionSize: '--attention-size',
  bridgeSize: '--bridge-size',
  tieTargetEmbeddings: '--tie-embeddings',
  labelSmoothing: '--label-smoothing',
};

/** The model config of parsed `s2s train` values. @throws OptionError naming the flag */
export function seq2seqConfigFrom(
  o: OptionValues<typeof SEQ2SEQ_CLI_OPTIONS>,
  vocab: Pick<Seq2SeqConfig, 'sourceVocab' | 'targetVocab'>,
): Seq2SeqConfig {
  const config: Partial<Seq2SeqConfig> & typeof vocab = {
    ...vocab,
    cell: o.cell as CellKind,
    embeddingSize: o['embedding-size'],
    hiddenSize: o['hidden-size'],
    layerNorm: o['layer-norm'],
    residual: o.residual,
    encoderLayers: o['encoder-layers'],
    decoderLayers: o['decoder-layers'],
    bidirectional: !o.unidirectional,
    attention: !o['no-attention'],
    attentionSize: o['attention-size'],
    bridgeSize: o['bridge-size'],
    tieTargetEmbeddings: o['tie-embeddings'],
    ...regularisationFlags(o),
  };
  return withFlagErrors(SEQ2SEQ_FLAGS, () => resolveSeq2SeqConfig(config));
}

/** The training-only fields given on the command line (`--dropout`, `--label-smoothing`); absent flags are left out. */
function regularisationFlags(
  o: OptionValues<typeof SEQ2SEQ_CLI_OPTIONS>,
): Partial<Pick<Seq2SeqConfig, 'dropout' | 'labelSmoothing'>> {
  return {
    ...(o.dropout === undefined ? {} : { dropout: o.dropout }),
    ...(o['label-smoothing'] === undefined ? {} : { labelSmoothing: o['label-smoothing'] }),
  };
}

/**
 * The config of a run started with `--init-from`: the file's, except the training-only fields given on the command
 * line (fine-tuning with other regularisation, as OpenNMT's `-train_from` allows); the shape stays the file's.
 * @throws OptionError naming the flag
 */
export function initialConfigFrom(o: OptionValues<typeof SEQ2SEQ_CLI_OPTIONS>, stored: Seq2SeqConfig): Seq2SeqConfig {
  return withFlagErrors(SEQ2SEQ_FLAGS, () => resolveSeq2SeqConfig({ ...stored, ...regularisationFlags(o) }));
}

export const LM_CLI_OPTIONS = {
  cell: { type: 'string', choices: CELLS, default: LM_DEFAULTS.cell, description: 'recurrent cell' },
  'embedding-size': { type: 'number', default: LM_DEFAULTS.embeddingSize, description: 'E: embedding width' },
  'hidden-size': { type: 'number', default: LM_DEFAULTS.hiddenSize, description: 'H: recurrent width' },
  layers: { type: 'number', default: LM_DEFAULTS.layers, description: 'stacked layers' },
  dropout: { type: 'number', default: LM_DEFAULTS.dropout, description: 'variational dropout rate' },
  'layer-norm': {
    type: 'boolean',
    default: LM_DEFAULTS.layerNorm,
    description: 'layer normalisation inside the cells',
  },
  residual: {
    type: 'boolean',
    default: LM_DEFAULTS.residual,
    description: 'residual connections between layers of equal width',
  },
  'tie-embeddings': {
    type: 'boolean',
    default: LM_DEFAULTS.tieEmbeddings,
    description: 'share the embedding with the output layer (needs E = H)',
  },
} as const satisfies OptionsSpec;

/** `LanguageModelConfig` field → flag. */
export const LM_FLAGS: FlagTable = {
  cell: '--cell',
  embeddingSize: '--embedding-size',
  hiddenSize: '--hidden-size',
  layers: '--layers',
  dropout: '--dropout',
  layerNorm: '--layer-norm',
  residual: '--residual',
  tieEmbeddings: '--tie-embeddings',
};

/** The LM config of parsed `s2s lm train` values. @throws OptionError naming the flag */
export function lmConfigFrom(o: OptionValues<typeof LM_CLI_OPTIONS>, vocab: number): LanguageModelConfig {
  const config: Partial<LanguageModelConfig> & Pick<LanguageModelConfig, 'vocab'> = {
    vocab,
    cell: o.cell as CellKind,
    embeddingSize: o['embedding-size'],
    hiddenSize: o['hidden-size'],
    layers: o.layers,
    dropout: o.dropout,
    layerNorm: o['layer-norm'],
    residual: o.residual,
    tieEmbeddings: o['tie-embeddings'],
  };
  return withFlagErrors(LM_FLAGS, () => resolveLmConfig(config));
}
