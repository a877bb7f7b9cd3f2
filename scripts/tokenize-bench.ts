/**
 * Tokenization throughput of the bible-8k SentencePiece model (sentencepiece-js, WebAssembly) on the Bible dev set,
 * both columns. One warm-up pass, then `--repeat` timed passes; prints lines/s and tokens/s of the best pass for
 * encode and decode.
 * Run: node --import tsx scripts/tokenize-bench.ts [--repeat N] [--model PATH] [--data TSV]
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SentencePieceTokenizer } from '../lib/text/sentencepiece-tokenizer.js';
import { readTsvFile } from '../lib/text/corpus/tsv.js';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '5' },
    model: { type: 'string', default: join(root, 'fixtures', 'tokenizers', 'bible-8k.model') },
    data: { type: 'string', default: join(root, '..', 'shared', 'data', 'bible', 'web-rv1909.dev.tsv') },
  },
});

const tokenizer = await SentencePieceTokenizer.fromBytes(await readFile(values.model));
const lines: string[] = [];
for await (const row of readTsvFile(values.data, ['en_web', 'es_rv1909'])) lines.push(...row.values);

function timeIt(fn: () => number): { seconds: number; tokens: number } {
  const t0 = process.hrtime.bigint();
  const tokens = fn();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, tokens };
}
const encodeAll = (): number => lines.reduce((n, l) => n + tokenizer.encode(l).length, 0);
const encoded = lines.map((l) => tokenizer.encode(l));
const decodeAll = (): number => encoded.reduce((n, ids) => (tokenizer.decode(ids), n + ids.length), 0);

encodeAll();
decodeAll();
const repeat = Number(values.repeat);
for (const [name, fn] of [['encode', encodeAll], ['decode', decodeAll]] as const) {
  const runs = Array.from({ length: repeat }, () => timeIt(fn));
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  console.log(`${name}: ${lines.length} lines, ${best.tokens} tokens in ${(best.seconds * 1000).toFixed(1)} ms (best of ${repeat}) → ${Math.round(lines.length / best.seconds).toLocaleString('en')} lines/s, ${Math.round(best.tokens / best.seconds).toLocaleString('en')} tokens/s`);
}
console.log(`model ${values.model} (${tokenizer.vocabSize} pieces); data ${values.data}; node ${process.version}`);
