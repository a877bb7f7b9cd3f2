/**
 * Tokenization throughput of a SentencePiece model (sentencepiece-js, WebAssembly) on the Bible dev set, both
 * columns. One warm-up pass, then `--repeat` timed passes; prints lines/s and tokens/s of the best pass for encode
 * and decode. `measureTokenization` is also used by `scripts/bench.ts`.
 * Run: node --import tsx scripts/tokenize-bench.ts [--repeat N] [--model PATH] [--data TSV]
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SentencePieceTokenizer } from '../lib/text/sentencepiece-tokenizer.js';
import { readTsvFile } from '../lib/text/corpus/tsv.js';

const root = join(import.meta.dirname, '..');
/** The 8k joint English–Spanish model of fixtures/tokenizers (made by `s2s tokenizer train`, see its README). */
export const DEFAULT_TOKENIZER_MODEL = join(root, 'fixtures', 'tokenizers', 'bible-8k.model');
export const DEFAULT_TOKENIZER_DATA = join(root, '..', 'shared', 'data', 'bible', 'web-rv1909.dev.tsv');

export interface TokenizationFigure {
  lines: number;
  tokens: number;
  /** Best pass. */
  seconds: number;
  linesPerSecond: number;
  tokensPerSecond: number;
}

export interface TokenizationResult {
  encode: TokenizationFigure;
  decode: TokenizationFigure;
  model: string;
  data: string;
  vocabSize: number;
}

function timeIt(fn: () => number): { seconds: number; tokens: number } {
  const t0 = process.hrtime.bigint();
  const tokens = fn();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, tokens };
}

/** One warm-up pass, then the best of `repeat` timed passes of encoding and of decoding every line of `data`. */
export async function measureTokenization(
  repeat = 5,
  model = DEFAULT_TOKENIZER_MODEL,
  data = DEFAULT_TOKENIZER_DATA,
): Promise<TokenizationResult> {
  const tokenizer = await SentencePieceTokenizer.fromBytes(await readFile(model));
  const lines: string[] = [];
  for await (const row of readTsvFile(data, ['en_web', 'es_rv1909'])) lines.push(...row.values);
  const encodeAll = (): number => lines.reduce((n, l) => n + tokenizer.encode(l).length, 0);
  const encoded = lines.map((l) => tokenizer.encode(l));
  const decodeAll = (): number => encoded.reduce((n, ids) => (tokenizer.decode(ids), n + ids.length), 0);
  encodeAll();
  decodeAll();
  const best = (fn: () => number): TokenizationFigure => {
    const runs = Array.from({ length: repeat }, () => timeIt(fn));
    const b = runs.reduce((x, y) => (y.seconds < x.seconds ? y : x));
    return {
      lines: lines.length,
      tokens: b.tokens,
      seconds: b.seconds,
      linesPerSecond: lines.length / b.seconds,
      tokensPerSecond: b.tokens / b.seconds,
    };
  };
  return { encode: best(encodeAll), decode: best(decodeAll), model, data, vocabSize: tokenizer.vocabSize };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      repeat: { type: 'string', default: '5' },
      model: { type: 'string', default: DEFAULT_TOKENIZER_MODEL },
      data: { type: 'string', default: DEFAULT_TOKENIZER_DATA },
    },
  });
  const repeat = Number(values.repeat);
  const result = await measureTokenization(repeat, values.model, values.data);
  for (const name of ['encode', 'decode'] as const) {
    const f = result[name];
    console.log(
      `${name}: ${f.lines} lines, ${f.tokens} tokens in ${(f.seconds * 1000).toFixed(1)} ms (best of ${repeat}) → ${Math.round(f.linesPerSecond).toLocaleString('en')} lines/s, ${Math.round(f.tokensPerSecond).toLocaleString('en')} tokens/s`,
    );
  }
  console.log(`model ${result.model} (${result.vocabSize} pieces); data ${result.data}; node ${process.version}`);
}
