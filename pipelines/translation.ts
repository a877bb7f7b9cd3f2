/** The value a translation pipeline produces per sentence and per line. */

/** One entry of an n-best list. */
export interface NBestEntry {
  /** Detokenized text. */
  text: string;
  /** Ranking score (length-normalised, LM terms included). */
  score: number;
  /** Model log-probability. */
  logProb: number;
}

/** The translation of one sentence or one line. */
export interface Translation {
  /** Best translation, detokenized (a line's sentences joined with their original joiners). */
  text: string;
  /** Ranking score of the best hypothesis (summed over a line's sentences). */
  score: number;
  /** Model log-probability of the best hypothesis (summed over a line's sentences). */
  logProb: number;
  /** Target tokens of the best hypothesis (summed over a line's sentences). */
  tokens: number;
  /** N-best list, best first (for a line of several sentences: only the joined best). */
  nbest: NBestEntry[];
  /** Attention weights [T][S] of the best hypothesis, when requested (single-sentence lines only). */
  alignment?: number[][];
  /** Hard alignment: for each target token (eos included), the source position it attends to most. */
  hardAlignment?: number[];
  /** With `alignment`: the target piece of each alignment row (the last is `</s>`, the eos step). */
  targetPieces?: string[];
}
