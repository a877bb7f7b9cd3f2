/**
 * Configuration of the single-stream recurrent language model. The library owns every default (`LM_DEFAULTS`, what
 * `s2s lm train` builds too); `resolveLmConfig` validates once, reporting errors by field (`details.field`).
 */
import type { CellKind } from '../nn/cells/cell.js';
import { invalidField } from '../errors.js';
import { checkModelSizes } from './size-limits.js';

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

export const LM_DEFAULTS: Readonly<Omit<LanguageModelConfig, 'vocab'>> = Object.freeze({
  /** LSTM. */
  cell: 'lstm',
  /** E = 128. */
  embeddingSize: 128,
  /** H = 256. */
  hiddenSize: 256,
  /** One layer. */
  layers: 1,
  /** Variational dropout 0.2. */
  dropout: 0.2,
  /** Off: a single layer has nothing to skip. */
  residual: false,
  /** Off. */
  layerNorm: false,
  /** Off (needs E = H). */
  tieEmbeddings: false,
});

export function resolveLmConfig(
  partial: Partial<LanguageModelConfig> & Pick<LanguageModelConfig, 'vocab'>,
): LanguageModelConfig {
  const config: LanguageModelConfig = { ...LM_DEFAULTS, ...partial };
  const bad = (field: keyof LanguageModelConfig, expected: string): never => {
    throw invalidField('language model config', field, expected, config[field]);
  };
  checkModelSizes('language model config', config, {
    widths: ['embeddingSize', 'hiddenSize'],
    layers: ['layers'],
    vocabs: ['vocab'],
  });
  if (!['lstm', 'gru', 'rnn'].includes(config.cell)) bad('cell', 'lstm, gru or rnn');
  if (!(config.dropout >= 0 && config.dropout < 1)) bad('dropout', 'in [0, 1)');
  if (config.tieEmbeddings && config.embeddingSize !== config.hiddenSize)
    bad('embeddingSize', `the hidden size (${config.hiddenSize}) when the embeddings are tied`);
  return config;
}
