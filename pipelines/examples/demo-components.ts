/**
 * Stand-in components so the examples run without a trained model: a character tokenizer and a translator that
 * reverses each sentence. Swap in `openTranslator(modelPath)` for real translations.
 */
import type { BatchTranslator, Hypothesis } from '../../lib/decode/hypothesis.js';
import type { Tokenizer } from '../../lib/text/tokenizer.js';
import { NUM_SPECIAL_IDS } from '../../lib/text/special-ids.js';

/** One id per UTF-16 code unit. */
export const demoTokenizer: Pick<Tokenizer, 'encode' | 'decode' | 'idToPiece'> = {
  encode: (text) => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i) + NUM_SPECIAL_IDS),
  decode: (ids) => String.fromCharCode(...ids.filter((id) => id >= NUM_SPECIAL_IDS).map((id) => id - NUM_SPECIAL_IDS)),
  idToPiece: (id) => String.fromCharCode(id - NUM_SPECIAL_IDS),
};

/** Reverses each sentence after `delayMs` per batch. */
export function demoTranslator(delayMs = 0): BatchTranslator {
  return {
    async translateBatch(sources): Promise<Hypothesis[][]> {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return sources.map((ids) => [{ tokens: [...ids].reverse(), logProb: -ids.length, score: -ids.length }]);
    },
  };
}

/** True when `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && new URL(moduleUrl).pathname === process.argv[1];
}
