import { expect } from 'chai';
import { from, map, mergeMap, of, timer } from 'rxjs';
import { boundInFlight } from '../../pipelines/bound-in-flight.js';
import { Credits } from '../../pipelines/credits.js';
import { translate, type TranslationResult } from '../../pipelines/translate.js';
import { scoreLines } from '../../pipelines/score-lines.js';
import { generateLines } from '../../pipelines/generate-lines.js';
import { lastValueFrom, toArray } from 'rxjs';
import {
  charTokenizer,
  delayedReverseStep,
  fakeGenerator,
  fakeScorer,
  reverseText,
  ThrowingTranslator,
} from './fakes.js';
import { testScheduler } from './marbles.js';

const text = (r: TranslationResult): string => (r.data.ok ? r.data.value.text : `ERR:${r.data.error.code}`);

describe('pipelines/boundInFlight (backpressure, marbles)', () => {
  const slowInner = (delay: number) => mergeMap((x: string) => timer(delay).pipe(map(() => x.toUpperCase())));

  it('never / empty / one', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-').pipe(boundInFlight(slowInner(2), { credits: new Credits(1) }))).toBe('-');
      expectObservable(cold('|').pipe(boundInFlight(slowInner(2), { credits: new Credits(1) }))).toBe('|');
      expectObservable(cold('a|').pipe(boundInFlight(slowInner(2), { credits: new Credits(1) }))).toBe('--(A|)');
    });
  });

  it('many: at most N items inside; later items wait for a credit', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const credits = new Credits(2);
      expectObservable(cold('abcd|').pipe(boundInFlight(slowInner(3), { credits }))).toBe('---AB-C(D|)');
      expect(credits.limit).to.equal(2);
    });
  });

  it('a paused window holds items until resumed (consumer backpressure)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const credits = new Credits(4);
      credits.pause();
      timer(5).subscribe(() => credits.resume());
      expectObservable(cold('ab|').pipe(boundInFlight(slowInner(1), { credits }))).toBe('------(AB|)');
    });
  });

  it('error and early unsubscribe give the credits back', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const credits = new Credits(2);
      expectObservable(cold('a#').pipe(boundInFlight(slowInner(3), { credits }))).toBe('-#');
      const source = hot('ab---');
      expectObservable(source.pipe(boundInFlight(slowInner(10), { credits })), '^--!').toBe('----');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
    // after teardown no credit is held
    const credits = new Credits(2);
    const sub = of('a', 'b', 'c')
      .pipe(boundInFlight(slowInner(1000), { credits }))
      .subscribe();
    expect(credits.inFlight).to.equal(2);
    sub.unsubscribe();
    expect(credits.inFlight).to.equal(0);
  });
});

describe('pipelines/translate composite (marbles with an injected step)', () => {
  it('never / empty', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const scheduler = testScheduler();
      const step = delayedReverseStep(scheduler, 1);
      expectObservable(cold<string>('-').pipe(translate(step, charTokenizer))).toBe('-');
      expectObservable(cold<string>('|').pipe(translate(step, charTokenizer))).toBe('|');
    });
  });

  it('one / many: results in input order although later batches finish first', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      // a long line takes 5 frames, short ones 1: with concurrency 2 the short batch finishes first
      const step = delayedReverseStep(scheduler, (srcs) => (srcs.some((s) => s.length > 3) ? 5 : 1));
      const out = cold('ab|', { a: 'long line', b: 'hi' }).pipe(
        translate(step, charTokenizer, { batch: { maxSentences: 1, maxWait: 0, scheduler }, concurrency: 2 }),
        map(text),
      );
      expectObservable(out).toBe('-----(ab|)', { a: reverseText('long line'), b: 'ih' });
    });
  });

  it('a lone line waits at most maxWait + step time', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const step = delayedReverseStep(scheduler, 2);
      const out = hot('-a------', { a: 'abc' }).pipe(
        translate(step, charTokenizer, { batch: { maxWait: 3, scheduler } }),
        map(text),
      );
      expectObservable(out).toBe('------x-', { x: 'cba' });
    });
  });

  it('a credit window smaller than the batch: each batch goes as soon as the window is full, not after maxWait', () => {
    const scheduler = testScheduler();
    const seen: Array<[number, string]> = [];
    scheduler.run(({ cold }) => {
      // 2 lines in flight, batches of up to 64, maxWait 1000: only 2 lines can ever be waiting, so waiting for more
      // stalled every batch for the whole maxWait (6 lines took 3 × 1000 frames).
      const step = delayedReverseStep(scheduler, 2);
      cold('(abcdef|)', { a: 'ab', b: 'cd', c: 'ef', d: 'gh', e: 'ij', f: 'kl' })
        .pipe(
          translate(step, charTokenizer, { batch: { maxWait: 1000, maxSentences: 64, scheduler }, maxInFlight: 2 }),
          map(text),
        )
        .subscribe((t) => seen.push([scheduler.now(), t]));
    });
    // Each pair of lines is one batch of 2 frames, started as soon as the previous pair left.
    expect(seen).to.deep.equal([
      [2, 'ba'],
      [2, 'dc'],
      [4, 'fe'],
      [4, 'hg'],
      [6, 'ji'],
      [6, 'lk'],
    ]);
  });

  it('error: a source error ends the stream', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const out = cold<string>('#').pipe(
        translate(delayedReverseStep(scheduler, 1), charTokenizer, { batch: { scheduler } }),
      );
      expectObservable(out).toBe('#');
    });
  });

  it('early unsubscribe cancels the step in flight', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('a------', { a: 'abc' });
      const out = source.pipe(
        translate(delayedReverseStep(scheduler, 5), charTokenizer, { batch: { maxWait: 0, scheduler } }),
        map(text),
      );
      expectObservable(out, '^--!').toBe('----');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('per-item failures: tokenizer throws, model throws on one item, input records with errors — one output per line', async () => {
    const lines = [
      'ok',
      'bell\u0007',
      'boom!',
      '',
      { id: 'x', text: 'rec' },
      { id: 'y', error: { code: 'E_INPUT_INVALID', message: 'bad json' } },
    ];
    const results = await lastValueFrom(
      from(lines).pipe(translate(new ThrowingTranslator(), charTokenizer), toArray()),
    );
    expect(results.map(text)).to.deep.equal([
      'ko',
      'ERR:E_TOKENIZE_FAILED',
      'ERR:E_TRANSLATE_FAILED',
      '',
      'cer',
      'ERR:E_INPUT_INVALID',
    ]);
    expect(results.map((r) => r.id)).to.deep.equal([undefined, undefined, undefined, undefined, 'x', 'y']);
    expect(results.map((r) => r.seq)).to.deep.equal([0, 1, 2, 3, 4, 5]);
  });

  it('splits sentences with an injected splitter and joins them back with their joiners', async () => {
    const splitter = (p: string) => {
      const sentences = p.split(/(?<=\.)\s+/).filter((x) => x.length > 0);
      const joiners = [...p.matchAll(/(?<=\.)\s+/g)].map((m) => m[0]).slice(0, Math.max(0, sentences.length - 1));
      return { sentences, joiners };
    };
    const results = await lastValueFrom(
      from(['ab. cd.', 'x', '']).pipe(
        translate(
          (srcs) => lastValueFrom(of(srcs.map((s) => [{ tokens: [...s].reverse(), logProb: -1, score: -1 }]))),
          charTokenizer,
          { splitter, nbest: 1 },
        ),
        toArray(),
      ),
    );
    expect(results.map(text)).to.deep.equal(['.ba .dc', 'x', '']);
    expect(results[0]?.data.ok && results[0].data.value.logProb).to.equal(-2);
  });
});

describe('pipelines LM composites', () => {
  it('scoreLines gives log-prob, tokens and perplexity per line, in order', async () => {
    const results = await lastValueFrom(from(['abc', '', 'z']).pipe(scoreLines(fakeScorer, charTokenizer), toArray()));
    expect(
      results.map((r) => (r.data.ok ? [r.data.value.logProb, r.data.value.tokens, r.data.value.perplexity] : null)),
    ).to.deep.equal([
      [-4, 4, Math.E],
      [-1, 1, Math.E],
      [-2, 2, Math.E],
    ]);
  });

  it('generateLines gives one generation per prompt', async () => {
    const results = await lastValueFrom(from(['abc', '']).pipe(generateLines(fakeGenerator, charTokenizer), toArray()));
    expect(results.map((r) => (r.data.ok ? r.data.value.text : ''))).to.deep.equal(['cba', '']);
  });
});
