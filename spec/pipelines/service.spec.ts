import { expect } from 'chai';
import { from, lastValueFrom, map, merge, toArray } from 'rxjs';
import { TranslationService } from '../../pipelines/translation-service.js';
import { translate, type TranslationResult } from '../../pipelines/translate.js';
import { charTokenizer, delayedReverseStep, ReverseTranslator } from './fakes.js';
import { testScheduler } from './marbles.js';

const text = (r: TranslationResult): string => (r.data.ok ? r.data.value.text : `ERR:${r.data.error.code}`);

describe('pipelines/TranslationService (cross-stream batching)', () => {
  it('merges two callers into shared batches and routes results back, each in its own order', async () => {
    const translator = new ReverseTranslator();
    const service = new TranslationService(translator, charTokenizer, { batch: { maxWait: 5, maxSentences: 8 } });
    const [a, b] = await Promise.all([
      lastValueFrom(service.translate(['ab', 'cd', 'efg']).pipe(map(text), toArray())),
      lastValueFrom(service.translate(['xy', '', 'z']).pipe(map(text), toArray())),
    ]);
    service.close();
    expect(a).to.deep.equal(['ba', 'dc', 'gfe']);
    expect(b).to.deep.equal(['yx', '', 'z']);
    expect(translator.batches).to.have.length(1); // one shared batch for both callers
    expect(translator.batches[0]).to.have.length(5); // the empty line never reaches the model
  });

  it('marbles: an unsubscribed caller drops its queued sentences; the other caller is undisturbed', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const batches: number[] = [];
      const step = delayedReverseStep(scheduler, (srcs) => (batches.push(srcs.length), 4));
      const service = new TranslationService(step, charTokenizer, {
        batch: { maxSentences: 1, windowBatches: 1, maxWait: 0, scheduler },
      });
      const a = hot('a-b-c-|', { a: 'a1', b: 'a2', c: 'a3' });
      const b = hot('x-y---|', { x: 'b1', y: 'b2' });
      // caller A leaves at frame 3: its a1 is in the model (result discarded), a2 and a3 never reach the model
      expectObservable(service.translate(a).pipe(map(text)), '^--!').toBe('----');
      expectObservable(service.translate(b).pipe(map(text))).toBe('--------x---(y|)', { x: '1b', y: '2b' });
      scheduler.schedule(() => expect(batches).to.deep.equal([1, 1, 1]), 20);
    });
  });

  it('AbortSignal cancels one call with E_ABORTED; the service keeps serving', async () => {
    const translator = new ReverseTranslator();
    const service = new TranslationService(translator, charTokenizer, { batch: { maxWait: 50 } });
    const controller = new AbortController();
    const aborted = lastValueFrom(service.translate(['gone'], { signal: controller.signal })).catch(
      (e: { code: string }) => e.code,
    );
    const kept = lastValueFrom(service.translate(['kept']).pipe(map(text), toArray()));
    controller.abort();
    expect(await aborted).to.equal('E_ABORTED');
    expect(await kept).to.deep.equal(['tpek']);
    expect(translator.batches.flat().map((ids) => charTokenizer.decode(ids))).to.deep.equal(['kept']);
    expect(service.pending).to.equal(0);
    service.close();
  });

  it('an empty caller completes at once; a closed service refuses calls', async () => {
    const service = new TranslationService(new ReverseTranslator(), charTokenizer);
    expect(await lastValueFrom(service.translate([]).pipe(toArray()))).to.deep.equal([]);
    service.close();
    const code = await lastValueFrom(service.translate(['x'])).catch((e: { code: string }) => e.code);
    expect(code).to.equal('E_SERVICE_CLOSED');
  });

  it('many callers at once: every caller gets exactly its own lines back', async () => {
    const service = new TranslationService(new ReverseTranslator(), charTokenizer, {
      batch: { maxWait: 1, maxSentences: 7 },
      concurrency: 2,
    });
    const callers = Array.from({ length: 20 }, (_, c) => Array.from({ length: 1 + (c % 5) }, (_, i) => `c${c}l${i}`));
    const outs = await lastValueFrom(
      merge(...callers.map((lines, c) => service.translate(lines).pipe(map((r) => [c, text(r)] as const)))).pipe(
        toArray(),
      ),
    );
    service.close();
    for (const [c, lines] of callers.entries())
      expect(outs.filter(([k]) => k === c).map(([, t]) => t)).to.deep.equal(
        lines.map((l) => [...l].reverse().join('')),
      );
  });

  it('one assembly: the service and the translate composite give the same line results, failures included', async () => {
    // A target tokenizer that rejects one output (a plain Error, not an S2SError): that sentence fails alone.
    const target = {
      ...charTokenizer,
      decode(ids: readonly number[]): string {
        if (ids.length === 3) throw new Error('no three-token outputs');
        return charTokenizer.decode(ids);
      },
    };
    const tokenizers = { source: charTokenizer, target };
    const lines = ['ab', 'abc', '', 'bad\u0007', 'wxyz', { id: 7, text: 'q' }];
    const service = new TranslationService(new ReverseTranslator(), tokenizers, { batch: { maxWait: 5 }, nbest: 1 });
    const viaService = await lastValueFrom(service.translate(lines).pipe(toArray()));
    service.close();
    const viaComposite = await lastValueFrom(
      from(lines).pipe(translate(new ReverseTranslator(), tokenizers, { batch: { maxWait: 5 }, nbest: 1 }), toArray()),
    );
    expect(viaService.map(text)).to.deep.equal([
      'ba',
      'ERR:E_DETOKENIZE_FAILED',
      '',
      'ERR:E_TOKENIZE_FAILED',
      'zyxw',
      'q',
    ]);
    expect(viaService).to.deep.equal(viaComposite);
  });
});
