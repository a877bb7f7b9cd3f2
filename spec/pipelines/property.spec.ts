import { expect } from 'chai';
import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { Credits } from '../../pipelines/credits.js';
import { translate, type TranslationResult } from '../../pipelines/translate.js';
import { fromAsyncIterable } from '../../pipelines/node/from-async-iterable.js';
import type { Hypothesis } from '../../lib/decode/hypothesis.js';
import { charTokenizer, reversed, reverseText, SlowTranslator } from './fakes.js';

const text = (r: TranslationResult): string => (r.data.ok ? r.data.value.text : `ERR:${r.data.error.code}`);

/** What a line should become: the tokenizer rejects BEL, the model rejects '!', everything else is reversed. */
function expected(line: string): string {
  if (line.includes('\u0007')) return 'ERR:E_TOKENIZE_FAILED';
  if (line.includes('!')) return 'ERR:E_TRANSLATE_FAILED';
  return reverseText(line);
}

const lineArb = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }), // lone surrogates, controls: invalid-looking text
  fc.string({ minLength: 200, maxLength: 400 }), // overlong
  fc.string({ maxLength: 6 }).map((s) => `${s}!`), // makes the step throw
  fc.string({ maxLength: 6 }).map((s) => `${s}\u0007`), // makes the tokenizer throw
);

describe('pipelines: nothing lost, nothing reordered (property)', () => {
  it('every input line yields exactly one output, in input order, for random batching and completion interleavings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { maxLength: 40 }),
        fc.record({
          maxTokens: fc.integer({ min: 1, max: 300 }),
          maxSentences: fc.integer({ min: 1, max: 8 }),
          maxWait: fc.integer({ min: 0, max: 3 }),
          windowBatches: fc.integer({ min: 1, max: 4 }),
          concurrency: fc.integer({ min: 1, max: 4 }),
          maxInFlight: fc.integer({ min: 1, max: 16 }),
          isolate: fc.boolean(),
        }),
        fc.scheduler(),
        async (lines, o, s) => {
          // the step's completion order is chosen by fast-check's scheduler (random interleavings)
          const step = (sources: readonly (readonly number[])[]): Promise<Hypothesis[][]> => {
            const bang = '!'.charCodeAt(0) + 4;
            const outcome = sources.some((x) => x.includes(bang))
              ? Promise.reject(new Error('step threw'))
              : Promise.resolve(sources.map(reversed));
            return s.schedule(outcome, `batch of ${sources.length}`);
          };
          const { isolate, concurrency, maxInFlight, ...batch } = o;
          const done = lastValueFrom(
            from(lines).pipe(translate(step, charTokenizer, { batch, concurrency, maxInFlight, isolate }), toArray()),
          );
          await s.waitFor(done);
          const results = await done;
          expect(results.map((r) => r.seq)).to.deep.equal(lines.map((_, i) => i));
          const want = lines.map(expected);
          if (isolate) expect(results.map(text)).to.deep.equal(want);
          else results.forEach((r, i) => want[i]!.startsWith('ERR') && expect(text(r)).to.match(/^ERR:/));
        },
      ),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 60) },
    );
  });
});

describe('pipelines: memory stays bounded when input is faster than the model', () => {
  it('items pulled from the source but not yet emitted never exceed the credit limit', async () => {
    const limit = 8;
    const credits = new Credits(limit);
    let pulled = 0;
    let emitted = 0;
    let worst = 0;
    function* source(): Generator<string> {
      for (let i = 0; i < 200; i++) {
        pulled++;
        worst = Math.max(worst, pulled - emitted);
        yield `line ${i}`;
      }
    }
    const translator = new SlowTranslator(2);
    const out = fromAsyncIterable(source(), { credits }).pipe(
      translate(translator, charTokenizer, { credits, batch: { maxSentences: 4, maxWait: 1 }, concurrency: 2 }),
    );
    const results: string[] = [];
    await new Promise<void>((resolve, reject) =>
      out.subscribe({
        next: (r) => {
          emitted++;
          results.push(text(r));
        },
        error: reject,
        complete: resolve,
      }),
    );
    expect(results).to.have.length(200);
    expect(results[199]).to.equal(reverseText('line 199'));
    expect(worst).to.be.at.most(limit);
    expect(credits.peak).to.be.at.most(limit);
    expect(translator.peakInFlight).to.be.at.most(2);
  });
});
