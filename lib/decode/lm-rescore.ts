/**
 * N-best rescoring with a language model: every finished hypothesis gets `score += λ · log p_LM(y)`, where
 * `log p_LM(y) = Σ_i log p_LM(y_i | y_<i)` includes the final eos (forced scoring, score.ts); each list is re-ranked.
 */
import type { Hypothesis } from './hypothesis.js';
import type { FusionLm } from './processors/lm-fusion.js';
import { scoreSequences } from './score.js';

export async function rescoreWithLm<L>(
  nBest: readonly (readonly Hypothesis[])[],
  lm: FusionLm<L>,
  weight: number,
): Promise<Hypothesis[][]> {
  const flat = nBest.flat();
  if (flat.length === 0) return nBest.map(() => []);
  const state = lm.initialState(flat.length);
  let lmLogProbs: number[];
  try {
    lmLogProbs = await scoreSequences(
      lm.model,
      state,
      flat.map((h) => h.tokens),
    );
  } finally {
    lm.model.disposeState(state);
  }
  let at = 0;
  return nBest.map((list) =>
    list.map((h) => ({ ...h, score: h.score + weight * lmLogProbs[at++]! })).sort((a, b) => b.score - a.score),
  );
}
