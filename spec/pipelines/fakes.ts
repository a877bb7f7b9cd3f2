/** Fake tokenizers and translators for pipeline tests (no tensors). */
import { Observable, type SchedulerLike } from 'rxjs';
import type { Tokenizer } from '../../lib/text/tokenizer.js';
import type { BatchTranslator, Hypothesis } from '../../lib/decode/hypothesis.js';
import { NUM_SPECIAL_IDS } from '../../lib/text/special-ids.js';
import type { LineGenerator, LineScorer, SequenceScore, Generation } from '../../pipelines/lm.js';

/** One id per UTF-16 code unit (id = code + 4); rejects text containing '\u0007' (BEL) to simulate a bad input. */
export const charTokenizer: Tokenizer = {
  kind: 'words',
  vocabSize: 0x10000 + NUM_SPECIAL_IDS,
  encode(text) {
    if (text.includes('\u0007')) throw new Error('charTokenizer: BEL is not allowed');
    return Array.from({ length: text.length }, (_, i) => text.charCodeAt(i) + NUM_SPECIAL_IDS);
  },
  encodePieces(text) {
    return [...text];
  },
  decode(ids) {
    return String.fromCharCode(...ids.filter((id) => id >= NUM_SPECIAL_IDS).map((id) => id - NUM_SPECIAL_IDS));
  },
  idToPiece(id) {
    return String.fromCharCode(id - NUM_SPECIAL_IDS);
  },
  serialize() {
    return new Uint8Array();
  },
};

/** The hypothesis list a reversing model gives for `ids` (two entries: reversed, then identity). */
export function reversed(ids: readonly number[]): Hypothesis[] {
  return [
    { tokens: [...ids].reverse(), logProb: -ids.length, score: -ids.length / 2 },
    { tokens: [...ids], logProb: -ids.length - 1, score: -ids.length },
  ];
}

const upper = (ids: readonly number[]): number[] =>
  ids.map((id) => charTokenizer.encode(charTokenizer.decode([id]).toUpperCase())[0] ?? id);

/** Reverses ids. Records every batch it got. */
export class ReverseTranslator implements BatchTranslator {
  readonly batches: number[][][] = [];
  async translateBatch(sources: readonly (readonly number[])[]): Promise<Hypothesis[][]> {
    this.batches.push(sources.map((s) => [...s]));
    return sources.map(reversed);
  }
}

/** Uppercases text. */
export class UppercaseTranslator implements BatchTranslator {
  async translateBatch(sources: readonly (readonly number[])[]): Promise<Hypothesis[][]> {
    return sources.map((s) => [{ tokens: upper(s), logProb: -1, score: -1 }]);
  }
}

/** Reverses, but rejects any batch that contains a sentence with '!' (the "poison" input). */
export class ThrowingTranslator implements BatchTranslator {
  calls = 0;
  async translateBatch(sources: readonly (readonly number[])[]): Promise<Hypothesis[][]> {
    this.calls++;
    const bang = '!'.charCodeAt(0) + NUM_SPECIAL_IDS;
    if (sources.some((s) => s.includes(bang))) throw new Error('model exploded on "!"');
    return sources.map(reversed);
  }
}

/** Reverses after `delayMs` per batch; counts batches in flight. */
export class SlowTranslator implements BatchTranslator {
  inFlight = 0;
  peakInFlight = 0;
  constructor(private readonly delayMs: number) {}
  async translateBatch(sources: readonly (readonly number[])[]): Promise<Hypothesis[][]> {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.inFlight--;
    return sources.map(reversed);
  }
}

/** A reversing step that completes after `delay` on `scheduler` (for marble tests). */
export function delayedReverseStep(
  scheduler: SchedulerLike,
  delay: number | ((sources: readonly (readonly number[])[]) => number),
) {
  return (sources: readonly (readonly number[])[]): Observable<Hypothesis[][]> =>
    new Observable<Hypothesis[][]>((subscriber) => {
      const wait = typeof delay === 'number' ? delay : delay(sources);
      const task = scheduler.schedule(() => {
        subscriber.next(sources.map(reversed));
        subscriber.complete();
      }, wait);
      return () => task.unsubscribe();
    });
}

/** Scores each sequence as −1 per token plus eos. */
export const fakeScorer: LineScorer = {
  async scoreBatch(ids): Promise<SequenceScore[]> {
    return ids.map((s) => ({ logProb: -(s.length + 1), tokens: s.length + 1 }));
  },
};

/** "Generates" the prompt reversed. */
export const fakeGenerator: LineGenerator = {
  async generateBatch(prompts): Promise<Generation[]> {
    return prompts.map((p) => ({ tokens: [...p].reverse(), logProb: -p.length }));
  },
};

/** Reverses a string by code units (what ReverseTranslator + charTokenizer produce). */
export function reverseText(text: string): string {
  return charTokenizer.decode([...charTokenizer.encode(text)].reverse());
}
