/**
 * Turns each sentence into token ids with a `Tokenizer` (without bos/eos). A sentence the tokenizer rejects
 * (it throws) becomes a failed envelope with code `E_TOKENIZE_FAILED` (or the tokenizer's own `S2SError` code);
 * the stream goes on.
 *
 * @example
 * sentences$.pipe(tokenize({ tokenizer: sourceTokenizer }))
 *
 * @param options.tokenizer The source-side tokenizer.
 * @param options.maxTokens Sentences longer than this are cut to it (default: no limit).
 */
import { map, type OperatorFunction } from 'rxjs';
import type { Tokenizer } from '../lib/text/tokenizer.js';
import { mapOutcome, type Envelope } from './types.js';

export interface TokenizeOptions {
  /** The source-side tokenizer. */
  tokenizer: Pick<Tokenizer, 'encode'>;
  /** Cut longer sentences to this many tokens (default: no limit). */
  maxTokens?: number;
}

export function tokenize(options: TokenizeOptions): OperatorFunction<Envelope<string>, Envelope<number[]>> {
  const { tokenizer, maxTokens = Infinity } = options;
  return map((item) =>
    mapOutcome(
      item,
      (text) => {
        const ids = tokenizer.encode(text);
        return ids.length > maxTokens ? ids.slice(0, maxTokens) : ids;
      },
      'E_TOKENIZE_FAILED',
    ),
  );
}
