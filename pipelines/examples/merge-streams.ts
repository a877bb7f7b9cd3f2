/**
 * Example: two input streams (e.g. two clients) share one model through a `TranslationService`; their sentences are
 * batched together and each stream gets its own results back, in its own order.
 *
 * Run: node --import tsx pipelines/examples/merge-streams.ts
 */
import { from, lastValueFrom, map, merge, toArray } from 'rxjs';
import { TranslationService } from '../translation-service.js';
import type { TranslationResult } from '../translate.js';
import { demoTokenizer, demoTranslator, isMain } from './demo-components.js';

export async function mergeStreamsExample(): Promise<string[]> {
  const service = new TranslationService(
    demoTranslator(),
    { source: demoTokenizer, target: demoTokenizer },
    { batch: { maxWait: 5 } },
  );
  const text = (tag: string) => map((r: TranslationResult) => `${tag}: ${r.data.ok ? r.data.value.text : '(failed)'}`);
  const left = service.translate(from(['hello', 'world'])).pipe(text('left'));
  const right = service.translate(from(['good morning'])).pipe(text('right'));
  const lines = await lastValueFrom(merge(left, right).pipe(toArray()));
  service.close();
  return lines;
}

if (isMain(import.meta.url)) for (const line of await mergeStreamsExample()) console.log(line);
