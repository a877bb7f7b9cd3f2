/** Configuration of the single-stream recurrent language model; defaults in `LM_DEFAULTS`. */
import type { CellKind } from '../nn/cells/cell.js';
import { OptionError } from '../errors.js';

export interface LanguageModelConfig {
  cell: CellKind;
  /** V (specials included) */
  vocab: number;
  /** E */
  embeddingSize: number;
  /** H */
  hiddenSize: number;
  layers: number;
  /** Variational dropout on embeddings, layer inputs, recurrent connections and the top output. */
  dropout: number;
  residual: boolean;
  layerNorm: boolean;
  /** Share the embedding matrix with the output projection (Press & Wolf, 2017); needs E = H. */
  tieEmbeddings: boolean;
}

export const LM_DEFAULTS: Omit<LanguageModelConfig, 'vocab'> = {
  cell: 'lstm',
  embeddingSize: 256,
  hiddenSize: 512,
  layers: 2,
  dropout: 0.2,
  residual: false,
  layerNorm: false,
  tieEmbeddings: false,
};

export function resolveLmConfig(partial: Partial<LanguageModelConfig> & Pick<LanguageModelConfig, 'vocab'>): LanguageModelConfig {
  const config = { ...LM_DEFAULTS, ...partial };
  for (const key of ['vocab', 'embeddingSize', 'hiddenSize', 'layers'] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 1) throw new OptionError('E_OPTION_INVALID', `language model config: ${key} must be a positive integer, got ${config[key]}`, { key });
  }
  if (!(config.dropout >= 0 && config.dropout < 1)) throw new OptionError('E_OPTION_INVALID', `language model config: dropout must be in [0, 1), got ${config.dropout}`);
  if (config.tieEmbeddings && config.embeddingSize !== config.hiddenSize) {
    throw new OptionError('E_OPTION_INVALID', `language model config: tieEmbeddings needs embeddingSize = hiddenSize, got ${config.embeddingSize} and ${config.hiddenSize}`);
  }
  return config;
}
