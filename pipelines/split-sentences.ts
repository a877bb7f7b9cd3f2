/**
 * Splits each line into sentences with an injected splitter and renumbers the units: the output `seq` counts
 * sentences (contiguous, input order), `origin` says which line and which part each one is, and how it is joined
 * to the previous one, so `joinSentences` can rebuild the line. A line with no sentences (empty or blank) still
 * yields one empty sentence, so every line yields an output. A splitter that throws fails that line only.
 *
 * @example
 * lines$.pipe(numberLines(), splitSentences({ splitter: mySentenceSplitter }))
 *
 * @param options.splitter `(paragraph) => { sentences, joiners }`; default: the whole line is one sentence.
 */
import { defer, mergeMap, type OperatorFunction } from 'rxjs';
import { failed, type Envelope } from './types.js';

/** The result of splitting one paragraph. */
export interface SplitResult {
  /** The sentences, in order. */
  sentences: string[];
  /** `joiners[i]` is the text between sentence i and i+1 (length `sentences.length - 1`; missing ones are ' '). */
  joiners: string[];
}

/** Splits a paragraph into sentences (e.g. the sentence splitter in lib/text/). */
export type SentenceSplitter = (paragraph: string) => SplitResult;

/** The trivial splitter: the whole paragraph is one sentence. */
export const wholeLine: SentenceSplitter = (paragraph) => ({ sentences: [paragraph], joiners: [] });

export interface SplitSentencesOptions {
  /** The splitter (default `wholeLine`). */
  splitter?: SentenceSplitter;
}

export function splitSentences(
  options: SplitSentencesOptions = {},
): OperatorFunction<Envelope<string>, Envelope<string>> {
  const splitter = options.splitter ?? wholeLine;
  return (source) =>
    defer(() => {
      // Sequence number of the next sentence (one counter per subscription).
      let next = 0;
      return source.pipe(
        mergeMap((line): Envelope<string>[] => {
          const base = line.origin;
          if (!line.data.ok)
            return [{ seq: next++, origin: { ...base, part: 0, parts: 1, joiner: '' }, data: line.data }];
          let split: SplitResult;
          try {
            split = splitter(line.data.value);
          } catch (err) {
            return [
              { seq: next++, origin: { ...base, part: 0, parts: 1, joiner: '' }, data: failed(err, 'E_SPLIT_FAILED') },
            ];
          }
          const sentences = split.sentences.length > 0 ? split.sentences : [''];
          return sentences.map((text, part) => ({
            seq: next++,
            origin: {
              ...base,
              part,
              parts: sentences.length,
              joiner: part === 0 ? '' : (split.joiners[part - 1] ?? ' '),
            },
            data: { ok: true, value: text },
          }));
        }),
      );
    });
}
