/**
 * A `SentenceSplitter` that keeps a line whole unless it exceeds `maxTokens` source tokens, and otherwise cuts it at
 * sentence boundaries, then between words, then between characters (lib/text/long-lines.ts) so that no piece is
 * longer than the model should read. Pieces are translated separately and joined back with the original whitespace;
 * nothing is dropped.
 *
 * @example
 * translate(translator, tokenizers, { splitter: longLineSplitter((s) => tokenizer.encode(s).length, 128) })
 */
import { splitLongLine } from '../lib/text/long-lines.js';
import type { SentenceSplitter } from './split-sentences.js';

export function longLineSplitter(countTokens: (text: string) => number, maxTokens: number): SentenceSplitter {
  return (line) => {
    const { pieces, separators } = splitLongLine(line, { maxTokens, countTokens });
    return pieces.length === 0 ? { sentences: [''], joiners: [] } : { sentences: pieces, joiners: separators };
  };
}
