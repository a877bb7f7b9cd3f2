import { expect } from 'chai';
import { batchByTokens } from '../../pipelines/batch-by-tokens.js';
import { bad, env, ids, testScheduler, type Ids } from './marbles.js';

describe('pipelines/batchByTokens (marbles)', () => {
  const a = env(0, ids(2));
  const b = env(1, ids(5));
  const c = env(2, ids(1));
  const d = env(3, ids(3));

  it('never: emits nothing and never completes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<Ids>('-').pipe(batchByTokens({ maxWait: 5 }))).toBe('-');
    });
  });

  it('empty: completes without a batch', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<Ids>('|').pipe(batchByTokens())).toBe('|');
    });
  });

  it('one: a lone line goes out after maxWait, not held back', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('--a------', { a });
      expectObservable(source.pipe(batchByTokens({ maxWait: 3 }))).toBe('-----x---', { x: [a] });
    });
  });

  it('a blocked input (no credit left) flushes at the end of its burst, not after maxWait; an open one waits', () => {
    for (const [blocked, expected] of [
      [true, '-x-----y---'],
      [false, '-----x-----y'],
    ] as const) {
      testScheduler().run(({ hot, expectObservable }) => {
        // a and b arrive together (one line's two sentences): they stay in one batch either way.
        const source = hot('-(ab)--(cd)', { a, b, c, d });
        const out = source.pipe(batchByTokens({ maxWait: 4, inputBlocked: () => blocked }));
        expectObservable(out).toBe(expected, { x: [a, b], y: [c, d] });
      });
    }
  });

  it('many: cuts by sentences, sorts by length within the window', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('abc(d|)', { a, b, c, d });
      const out = source.pipe(batchByTokens({ maxSentences: 2, windowBatches: 2, maxWait: 100 }));
      expectObservable(out).toBe('---(xy|)', { x: [c, a], y: [d, b] });
    });
  });

  it('cuts by padded token budget; an overlong sentence goes alone', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const long = env(4, ids(50));
      const out = cold('ab(l|)', { a, b, l: long }).pipe(
        batchByTokens({ maxTokens: 10, maxSentences: 8, windowBatches: 1, maxWait: 100 }),
      );
      // window 10 tokens: a(2)+b(5)=7 fits (padded 2×5=10); l(50) overflows → flush [a,b], then l fills the window alone
      expectObservable(out).toBe('--(xy|)', { x: [a, b], y: [long] });
    });
  });

  it('flushes on completion and passes failed items at once', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const e = bad(9);
      const out = cold('a-e-|', { a, e }).pipe(batchByTokens({ maxWait: 100 }));
      expectObservable(out).toBe('--y-(x|)', { x: [a], y: [e] });
    });
  });

  it('error: propagates the source error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-#', { a }).pipe(batchByTokens({ maxWait: 100 }))).toBe('--#');
    });
  });

  it('early unsubscribe cancels the maxWait timer', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('-a-------', { a });
      expectObservable(source.pipe(batchByTokens({ maxWait: 5 })), '^--!').toBe('----');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('uses the injected scheduler only (no real timers)', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('a', { a }).pipe(batchByTokens({ maxWait: 1000, scheduler }))).toBe('1000ms x', { x: [a] });
    });
    expect(true).to.equal(true);
  });
});
