/** One decoded output sequence with its scores. */
export interface Hypothesis {
  /** Target ids, without bos; eos not included. */
  tokens: number[];
  /** Σ log p(y_i | y_<i, x) over the tokens and the final eos (if produced): the model's forced-decoding score. */
  logProb: number;
  /** The score used for ranking: logProb after length normalisation, plus LM terms when fusion/rescoring is on. */
  score: number;
  /** Soft alignment: attention weights per target step (eos step included), [T][S] (seq2seq only, on request). */
  attention?: number[][];
}

/** Translates a batch of tokenized sentences; returns an n-best list (best first) per sentence, in input order. */
export interface BatchTranslator {
  translateBatch(sources: readonly (readonly number[])[]): Promise<Hypothesis[][]>;
}
