/** Helpers for marble tests of the pipeline operators. */
import { expect } from 'chai';
import { TestScheduler } from 'rxjs/testing';
import type { Envelope } from '../../pipelines/types.js';

/** Sentence envelopes of token ids, as batchByTokens takes them. */
export type Ids = Envelope<readonly number[]>;

export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).to.deep.equal(expected);
  });
}

/** A successful sentence envelope (line = seq, one part). */
export function env<T>(seq: number, value: T, line = seq): Envelope<T> {
  return { seq, origin: { line, id: line, paragraph: '', part: 0, parts: 1, joiner: '' }, data: { ok: true, value } };
}

/** A failed envelope. */
export function bad(seq: number, code = 'E_X', message = 'bad'): Envelope<never> {
  return {
    seq,
    origin: { line: seq, id: seq, paragraph: '', part: 0, parts: 1, joiner: '' },
    data: { ok: false, error: { code, message } },
  };
}

/** Token ids of length n. */
export function ids(n: number, fill = 10): number[] {
  return Array.from({ length: n }, () => fill);
}
