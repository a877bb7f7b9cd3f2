import { expect } from 'chai';
import { of, throwError } from 'rxjs';
import { restoreOrder } from '../../pipelines/restore-order.js';
import { translateBatches } from '../../pipelines/translate-batches.js';
import { bad, env, testScheduler } from './marbles.js';
import type { Envelope } from '../../pipelines/types.js';

const s = (seq: number) => ({ seq });
type Batch = readonly Envelope<string>[];

describe('pipelines/restoreOrder (marbles)', () => {
  it('never / empty / one', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<{ seq: number }>('-').pipe(restoreOrder())).toBe('-');
      expectObservable(cold<{ seq: number }>('|').pipe(restoreOrder())).toBe('|');
      expectObservable(cold('a|', { a: s(0) }).pipe(restoreOrder())).toBe('a|', { a: s(0) });
    });
  });

  it('many: holds early arrivals and releases them in order', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('c-b-a-----(d|)', { a: s(0), b: s(1), c: s(2), d: s(3) });
      expectObservable(source.pipe(restoreOrder())).toBe('----(abc)-(d|)', { a: s(0), b: s(1), c: s(2), d: s(3) });
    });
  });

  it('error: propagates; overflow of the bound errors with E_REORDER_OVERFLOW', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a#', { a: s(0) }).pipe(restoreOrder())).toBe('a#', { a: s(0) });
    });
    let code = '';
    of(s(1), s(2), s(3))
      .pipe(restoreOrder({ maxBuffered: 2 }))
      .subscribe({ error: (e: { code: string }) => (code = e.code) });
    expect(code).to.equal('E_REORDER_OVERFLOW');
  });

  it('early unsubscribe', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('-b-a-', { a: s(0), b: s(1) });
      expectObservable(source.pipe(restoreOrder()), '^-!').toBe('---');
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });
});

describe('pipelines/translateBatches (marbles)', () => {
  const step = (srcs: readonly string[]) => of(srcs.map((x) => x.toUpperCase()));

  it('never / empty / one / many', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<Batch>('-').pipe(translateBatches({ step }))).toBe('-');
      expectObservable(cold<Batch>('|').pipe(translateBatches({ step }))).toBe('|');
      const a = [env(0, 'a')];
      expectObservable(cold('x|', { x: a }).pipe(translateBatches({ step }))).toBe('x|', { x: env(0, 'A') });
      const many = [env(0, 'a'), env(1, 'b')];
      expectObservable(cold('(x|)', { x: many }).pipe(translateBatches({ step }))).toBe('(xy|)', {
        x: env(0, 'A'),
        y: env(1, 'B'),
      });
    });
  });

  it('bounded concurrency: the second batch starts when the first finishes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const slow = (srcs: readonly string[]) => cold('---(r|)', { r: srcs.map((x) => x.toUpperCase()) });
      const out = cold('xy|', { x: [env(0, 'a')], y: [env(1, 'b')] }).pipe(
        translateBatches({ step: slow, concurrency: 1 }),
      );
      expectObservable(out).toBe('---a--(b|)', { a: env(0, 'A'), b: env(1, 'B') });
      const par = cold('xy|', { x: [env(0, 'a')], y: [env(1, 'b')] }).pipe(
        translateBatches({ step: slow, concurrency: 2 }),
      );
      expectObservable(par).toBe('---a(b|)', { a: env(0, 'A'), b: env(1, 'B') });
    });
  });

  it('a failing batch is isolated item by item; only the bad item fails; the stream goes on', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const picky = (srcs: readonly string[]) =>
        srcs.includes('!') ? throwError(() => new Error('boom')) : of(srcs.map((x) => x.toUpperCase()));
      const out = cold('x----(y|)', { x: [env(0, 'a'), env(1, '!'), env(2, 'c')], y: [env(3, 'd')] }).pipe(
        translateBatches({ step: picky }),
      );
      const failedOne = { ...env(1, 'x'), data: { ok: false, error: { code: 'E_TRANSLATE_FAILED', message: 'boom' } } };
      expectObservable(out).toBe('(abc)(d|)', { a: env(0, 'A'), b: failedOne, c: env(2, 'C'), d: env(3, 'D') });
    });
  });

  it('without isolation every item of a failing batch fails; wrong result counts fail the batch', () => {
    const got: unknown[] = [];
    of([env(0, 'a'), env(1, 'b')])
      .pipe(translateBatches({ step: () => of(['only one']), isolate: false }))
      .subscribe((e) => got.push(e.data.ok ? e.data.value : e.data.error.code));
    expect(got).to.deep.equal(['E_STEP_RESULT_COUNT', 'E_STEP_RESULT_COUNT']);
  });

  it('failed envelopes pass through; a throwing step (sync) is caught; keep() drops items at batch start', () => {
    const got: unknown[] = [];
    const throwing = (): never => {
      throw new Error('sync');
    };
    of([bad(0), env(1, 'b')])
      .pipe(translateBatches({ step: throwing }))
      .subscribe((e) => got.push(e.data.ok ? e.data.value : e.data.error.code));
    of([env(2, 'c'), env(3, 'd')])
      .pipe(translateBatches({ step, keep: (e) => e.seq !== 2 }))
      .subscribe((e) => got.push(e.data.ok ? e.data.value : e.data.error.code));
    expect(got).to.deep.equal(['E_X', 'E_TRANSLATE_FAILED', 'D']);
  });

  it('error from upstream and early unsubscribe', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      expectObservable(cold<Batch>('#').pipe(translateBatches({ step }))).toBe('#');
      const slow = (srcs: readonly string[]) => cold('-----(r|)', { r: srcs });
      const source = hot('x----', { x: [env(0, 'a')] });
      expectObservable(source.pipe(translateBatches({ step: slow })), '^--!').toBe('----');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });
});
