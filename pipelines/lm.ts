/** The small language-model contracts the LM composites (`scoreLines`, `generateLines`) program against. */

/** The score of one token sequence. */
export interface SequenceScore {
  /** Σ log p(w_t | w_<t), eos included. */
  logProb: number;
  /** Tokens scored (eos included). */
  tokens: number;
}

/** Scores batches of token sequences (one result per sequence, in order). */
export interface LineScorer {
  scoreBatch(ids: readonly (readonly number[])[]): Promise<SequenceScore[]>;
}

/** One generated continuation. */
export interface Generation {
  /** Generated ids, without the prompt, bos or eos. */
  tokens: number[];
  /** Σ log p of the generated tokens. */
  logProb: number;
}

/** Generates one continuation per prompt (one result per prompt, in order). */
export interface LineGenerator {
  generateBatch(prompts: readonly (readonly number[])[]): Promise<Generation[]>;
}

/** A line's LM score. */
export interface LineScore extends SequenceScore {
  /** exp(−logProb / tokens). */
  perplexity: number;
}

/** A line's generated text. */
export interface GeneratedText {
  text: string;
  tokens: number;
  logProb: number;
}
