/**
 * Parity of the onnx and tfjs engines on a real model and real data: translates the first N lines of a TSV with
 * both engines (greedy and beam), counts identical outputs, shows every difference with both engines' scores of
 * both outputs (a difference where the two hypotheses' scores lie within `--tie` is a float32 tie), and compares
 * forced-decoding scores of the reference translations.
 *
 *   node --import tsx scripts/onnx-parity.ts [--model fixtures/models/en-es.s2s] [--data ../shared/data/bible/web-rv1909.dev.tsv]
 *     [--src-column en_web] [--tgt-column es_rv1909] [--lines 1066] [--beam 5] [--batch 32] [--tie 1e-4] [--json FILE]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openTranslator, type OpenedTranslator } from '../lib/models/open-translator.js';
import { openPairScorer } from '../lib/onnx/open-scorers.js';
import type { Hypothesis } from '../lib/decode/hypothesis.js';
import type { EngineName } from '../lib/engine.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'fixtures/models/en-es.s2s' },
    data: { type: 'string', default: '../shared/data/bible/web-rv1909.dev.tsv' },
    'src-column': { type: 'string', default: 'en_web' },
    'tgt-column': { type: 'string', default: 'es_rv1909' },
    lines: { type: 'string', default: '1066' },
    beam: { type: 'string', default: '5' },
    batch: { type: 'string', default: '32' },
    tie: { type: 'string', default: '1e-4' },
    json: { type: 'string' },
  },
});
const tie = Number(values.tie);
const batchSize = Number(values.batch);

const [header, ...rows] = (await readFile(values.data, 'utf8'))
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => l.split('\t'));
const srcAt = header!.indexOf(values['src-column']);
const tgtAt = header!.indexOf(values['tgt-column']);
if (srcAt < 0 || tgtAt < 0)
  throw new Error(
    `${values.data}: columns ${values['src-column']} / ${values['tgt-column']} not in header ${header!.join(', ')}`,
  );
const pairs = rows.slice(0, Number(values.lines)).map((r) => ({ src: r[srcAt]!, tgt: r[tgtAt]! }));

/** Translates every source with one engine; returns the best hypothesis per line and the seconds taken. */
async function translateAll(
  engine: EngineName,
  beamSize: number,
): Promise<{ best: Hypothesis[]; seconds: number; opened: OpenedTranslator }> {
  const opened = await openTranslator(values.model, { engine, decode: { beamSize } });
  const ids = pairs.map((p) => opened.sourceTokenizer.encode(p.src));
  const start = performance.now();
  const best: Hypothesis[] = [];
  for (let i = 0; i < ids.length; i += batchSize)
    for (const list of await opened.translator.translateBatch(ids.slice(i, i + batchSize))) best.push(list[0]!);
  return { best, seconds: (performance.now() - start) / 1000, opened };
}

/** Forced-decoding scores of (source, target-ids) pairs on one engine. */
async function forced(engine: EngineName, targets: ReadonlyArray<readonly number[]>): Promise<number[]> {
  const scorer = await openPairScorer(values.model, engine);
  const out: number[] = [];
  try {
    for (let i = 0; i < pairs.length; i += batchSize) {
      const batch = pairs
        .slice(i, i + batchSize)
        .map((p, k) => ({ src: scorer.source.encode(p.src), tgt: [...targets[i + k]!] }));
      out.push(...(await scorer.scoreBatch(batch)));
    }
  } finally {
    await scorer.close();
  }
  return out;
}

const maxAbs = (a: readonly number[], b: readonly number[]): number =>
  Math.max(0, ...a.map((x, i) => Math.abs(x - b[i]!)));
const report: Record<string, unknown> = { model: values.model, data: values.data, lines: pairs.length };

for (const beamSize of [1, Number(values.beam)]) {
  const label = beamSize === 1 ? 'greedy' : `beam ${beamSize}`;
  const onnx = await translateAll('onnx', beamSize);
  const tfjs = await translateAll('tfjs', beamSize);
  const same = onnx.best.filter((h, i) => h.tokens.join() === tfjs.best[i]!.tokens.join()).length;
  const diffs = onnx.best.flatMap((h, i) => (h.tokens.join() === tfjs.best[i]!.tokens.join() ? [] : [i]));
  // each engine's own score of its output, and both engines' forced log p of both outputs
  const logProbsOf = async (engine: EngineName, hyps: Hypothesis[]): Promise<number[]> =>
    diffs.length ? await forcedSubset(engine, diffs, hyps) : [];
  const onnxOnOnnx = await logProbsOf('onnx', onnx.best);
  const onnxOnTfjs = await logProbsOf('onnx', tfjs.best);
  const differences = diffs.map((i, k) => ({
    line: i + 1,
    onnx: onnx.opened.targetTokenizer.decode(onnx.best[i]!.tokens),
    tfjs: tfjs.opened.targetTokenizer.decode(tfjs.best[i]!.tokens),
    scores: { onnxHyp: onnx.best[i]!.score, tfjsHyp: tfjs.best[i]!.score },
    onnxLogProbOfBoth: [onnxOnOnnx[k], onnxOnTfjs[k]],
    tie: Math.abs(onnx.best[i]!.score - tfjs.best[i]!.score) <= tie,
  }));
  const scoreDiff = Math.max(
    0,
    ...onnx.best.flatMap((h, i) => (diffs.includes(i) ? [] : [Math.abs(h.score - tfjs.best[i]!.score)])),
  );
  report[label] = {
    identical: same,
    differ: diffs.length,
    ties: differences.filter((d) => d.tie).length,
    maxScoreDiffOnIdentical: scoreDiff,
    seconds: { onnx: onnx.seconds, tfjs: tfjs.seconds },
    differences,
  };
  console.log(
    `${label}: ${same}/${pairs.length} identical, ${diffs.length} differ (${differences.filter((d) => d.tie).length} ties within ${tie}); max |Δ score| on identical outputs ${scoreDiff.toExponential(2)}; time onnx ${onnx.seconds.toFixed(1)} s, tfjs ${tfjs.seconds.toFixed(1)} s`,
  );
  for (const d of differences)
    console.log(
      `  line ${d.line}${d.tie ? ' (tie)' : ''}: onnx ${d.scores.onnxHyp.toFixed(6)} «${d.onnx}» | tfjs ${d.scores.tfjsHyp.toFixed(6)} «${d.tfjs}»`,
    );
  onnx.opened.close();
  tfjs.opened.close();
}

/** Forced log p on `engine` of the hypotheses of lines `lines`. */
async function forcedSubset(
  engine: EngineName,
  lines: readonly number[],
  hyps: readonly Hypothesis[],
): Promise<number[]> {
  const scorer = await openPairScorer(values.model, engine);
  try {
    return await scorer.scoreBatch(
      lines.map((i) => ({ src: scorer.source.encode(pairs[i]!.src), tgt: hyps[i]!.tokens })),
    );
  } finally {
    await scorer.close();
  }
}

const probe = await openPairScorer(values.model, 'tfjs');
const references = pairs.map((p) => probe.target.encode(p.tgt));
await probe.close();
const [onnxForced, tfjsForced] = [await forced('onnx', references), await forced('tfjs', references)];
const tokens = references.reduce((n, r) => n + r.length + 1, 0);
const perToken = onnxForced.map((x, i) => Math.abs(x - tfjsForced[i]!) / (references[i]!.length + 1));
report['forced'] = { maxAbsDiff: maxAbs(onnxForced, tfjsForced), maxAbsDiffPerToken: Math.max(...perToken), tokens };
console.log(
  `forced decoding of the references (${tokens} tokens): max |Δ log p| per sentence ${maxAbs(onnxForced, tfjsForced).toExponential(2)}, per token ${Math.max(...perToken).toExponential(2)}`,
);
if (values.json) await writeFile(values.json, JSON.stringify(report, null, 2) + '\n');
