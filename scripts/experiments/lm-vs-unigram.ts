/**
 * Dev perplexity of a trained language model against the unigram baseline, on the same tokenization:
 *   unigram: p(w) = (count(w) + 1) / (N + V) from the training text (add-one smoothing), EOS counted once per line;
 *   LM: exp(−Σ log p(w_t | w_<t) / #tokens), each dev line scored from a fresh state (BOS … EOS).
 *
 *   node --import tsx scripts/experiments/lm-vs-unigram.ts --model LM.s2s --train FILE.tsv --dev FILE.tsv --column NAME
 */
import { useBackend } from '../../lib/backend.js';
import { loadLanguageModel } from '../../lib/models/model-checkpoint.js';
import { readTsvFile } from '../../lib/text/corpus/tsv.js';
import { EOS_ID } from '../../lib/text/special-ids.js';
import { perplexity } from '../../lib/eval/perplexity.js';

const arg = (name: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`missing --${name}`);
  return process.argv[i + 1]!;
};
await useBackend();
const { model, tokenizer } = await loadLanguageModel(arg('model'));
const lines = async (path: string): Promise<number[][]> => {
  const out: number[][] = [];
  for await (const row of readTsvFile(path, [arg('column')])) out.push(tokenizer.encode(row.values[0]!));
  return out;
};
const train = await lines(arg('train'));
const dev = await lines(arg('dev'));
const counts = new Float64Array(tokenizer.vocabSize);
let total = 0;
for (const line of train) {
  for (const id of [...line, EOS_ID]) {
    counts[id]! += 1;
    total++;
  }
}
let unigramLogProb = 0;
let tokens = 0;
for (const line of dev) {
  for (const id of [...line, EOS_ID]) {
    unigramLogProb += Math.log((counts[id]! + 1) / (total + tokenizer.vocabSize));
    tokens++;
  }
}
let lmLogProb = 0;
for (let i = 0; i < dev.length; i += 64)
  for (const s of model.scoreSentences(dev.slice(i, i + 64))) lmLogProb += s.logProb;
console.log(
  `dev tokens ${tokens}; unigram perplexity ${perplexity(-unigramLogProb / tokens).toFixed(1)}; LM perplexity ${perplexity(-lmLogProb / tokens).toFixed(1)}`,
);
model.dispose();
