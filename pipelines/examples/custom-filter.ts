/**
 * Example: the operators composed by hand with a custom stage — sentences that are only digits and punctuation are
 * copied through instead of being sent to the model (a common trick for numbers, URLs, code).
 *
 * Run: node --import tsx pipelines/examples/custom-filter.ts
 */
import { from, lastValueFrom, map, merge, partition, share, toArray, type OperatorFunction } from 'rxjs';
import {
  batchByTokens,
  detokenize,
  joinSentences,
  joinTranslations,
  numberLines,
  restoreOrder,
  splitSentences,
  tokenize,
  translateBatches,
} from '../index.js';
import { ok, withData, type Envelope } from '../types.js';
import type { Translation } from '../translation.js';
import { demoTokenizer, demoTranslator, isMain } from './demo-components.js';

/** The custom stage: copy "untranslatable" sentences, translate the rest. */
function copyOrTranslate(): OperatorFunction<Envelope<string>, Envelope<Translation>> {
  const translator = demoTranslator();
  return (sentences) => {
    const [copy, rest] = partition(sentences.pipe(share()), (s) => s.data.ok && /^[\d\s.,:/%-]*$/.test(s.data.value));
    const copied = copy.pipe(
      map((s) =>
        withData(
          s,
          ok<Translation>({ text: s.data.ok ? s.data.value : '', score: 0, logProb: 0, tokens: 0, nbest: [] }),
        ),
      ),
    );
    const translated = rest.pipe(
      tokenize({ tokenizer: demoTokenizer }),
      batchByTokens({ maxWait: 5 }),
      translateBatches({ step: (ids: readonly (readonly number[])[]) => translator.translateBatch(ids) }),
      detokenize({ tokenizer: demoTokenizer }),
    );
    return merge(copied, translated);
  };
}

export async function customFilterExample(): Promise<string[]> {
  const results = from(['abc', '12:30', 'xyz', '99 %']).pipe(
    numberLines(),
    splitSentences(),
    copyOrTranslate(),
    restoreOrder(),
    joinSentences({ combine: joinTranslations }),
    map((r) => (r.data.ok ? r.data.value.text : `(failed: ${r.data.error.message})`)),
  );
  return lastValueFrom(results.pipe(toArray()));
}

if (isMain(import.meta.url)) for (const line of await customFilterExample()) console.log(line);
