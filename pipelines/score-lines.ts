/**
 * The LM scoring composite: one `LineResult<LineScore>` (log-prob, tokens, perplexity) per input line, in order.
 * Lines are scored whole (no sentence splitting unless `splitter` is given; then the sentence scores add up).
 *
 * @example
 * from(lines).pipe(scoreLines(scorer, tokenizer, { batch: { maxSentences: 32 } }))
 *
 * @param scorer A `LineScorer` or a step `(ids[]) => ObservableInput<SequenceScore[]>`.
 * @param tokenizer The LM's tokenizer.
 * @param options Pipeline options (see `PipelineOptions`).
 */
import type { OperatorFunction } from 'rxjs';
import type { Tokenizer } from '../lib/text/tokenizer.js';
import type { LineScore, LineScorer, SequenceScore } from './lm.js';
import { modelPipeline, type PipelineOptions } from './model-pipeline.js';
import type { BatchStep } from './translate-batches.js';
import type { LineInput, LineResult } from './types.js';
import { perplexity } from '../lib/eval/perplexity.js';

function withPerplexity(score: SequenceScore): LineScore {
  return { ...score, perplexity: score.tokens > 0 ? perplexity(-score.logProb / score.tokens) : Number.NaN };
}

export function scoreLines(
  scorer: LineScorer | BatchStep<readonly number[], SequenceScore>,
  tokenizer: Pick<Tokenizer, 'encode'>,
  options: PipelineOptions = {},
): OperatorFunction<LineInput, LineResult<LineScore>> {
  return modelPipeline<SequenceScore, SequenceScore, LineScore>({
    ...options,
    step: typeof scorer === 'function' ? scorer : (ids) => scorer.scoreBatch(ids),
    tokenizer,
    errorCode: 'E_SCORE_FAILED',
    finish: (score) => score,
    combine: (scores) =>
      withPerplexity({
        logProb: scores.reduce((s, v) => s + v.logProb, 0),
        tokens: scores.reduce((s, v) => s + v.tokens, 0),
      }),
  });
}
