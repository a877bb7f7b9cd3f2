/**
 * Turns model hypotheses (n-best lists of target ids) into `Translation`s with a target-side `Tokenizer`. A
 * sentence whose n-best list is empty, or whose ids the tokenizer rejects, fails alone (`E_DETOKENIZE_FAILED`).
 *
 * @example
 * hypotheses$.pipe(detokenize({ tokenizer: targetTokenizer, nbest: 3 }))
 *
 * @param options.tokenizer Target-side tokenizer.
 * @param options.nbest Entries kept in `nbest` (default: all the model returned).
 * @param options.alignment Keep the best hypothesis' attention as `alignment` (default false).
 */
import { map, type OperatorFunction } from 'rxjs';
import type { Hypothesis } from '../lib/decode/hypothesis.js';
import type { Tokenizer } from '../lib/text/tokenizer.js';
import { S2SError } from '../lib/errors.js';
import { mapOutcome, type Envelope } from './types.js';
import type { Translation } from './translation.js';

export interface DetokenizeOptions {
  /** Target-side tokenizer. */
  tokenizer: Pick<Tokenizer, 'decode' | 'idToPiece'>;
  /** Entries kept in `nbest` (default: all). */
  nbest?: number;
  /** Keep the best hypothesis' attention weights (default false). */
  alignment?: boolean;
}

/** One sentence's hypotheses → its `Translation` (throws on an empty list). */
export function toTranslation(hypotheses: readonly Hypothesis[], options: DetokenizeOptions): Translation {
  const best = hypotheses[0];
  if (best === undefined)
    throw new S2SError(
      'E_NO_HYPOTHESIS',
      'detokenize: the model returned an empty n-best list; expected at least one hypothesis per sentence',
    );
  const nbest = hypotheses
    .slice(0, options.nbest ?? hypotheses.length)
    .map((h) => ({ text: options.tokenizer.decode(h.tokens), score: h.score, logProb: h.logProb }));
  const translation: Translation = {
    text: nbest[0]?.text ?? '',
    score: best.score,
    logProb: best.logProb,
    tokens: best.tokens.length,
    nbest,
  };
  if (options.alignment && best.attention !== undefined) {
    translation.alignment = best.attention;
    translation.targetPieces = [...best.tokens.map((id) => options.tokenizer.idToPiece(id)), '</s>']; // one per alignment row
  }
  return translation;
}

/** Error code of a sentence whose ids the target tokenizer rejects. */
export const DETOKENIZE_FAILED = 'E_DETOKENIZE_FAILED';

export function detokenize(
  options: DetokenizeOptions,
): OperatorFunction<Envelope<readonly Hypothesis[]>, Envelope<Translation>> {
  return map((item) => mapOutcome(item, (hypotheses) => toTranslation(hypotheses, options), DETOKENIZE_FAILED));
}
