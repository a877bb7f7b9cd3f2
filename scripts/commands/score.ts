/** `s2s score`: forced decoding — the model's log-probability of given translations (TSV source<TAB>target on stdin or a file). */
import { createReadStream } from 'node:fs';
import { defineCommand, logStream } from '../cli/command.js';
import { scoreMeta } from './score.meta.js';
import { useBackend, parseBackendName } from '../../lib/backend.js';
import { selectEngine, parseEngineName } from '../../lib/engine.js';
import { openPairScorer } from '../../lib/onnx/open-scorers.js';
import { readTabFields } from '../../lib/text/corpus/tsv.js';
import { perplexity } from '../../lib/eval/perplexity.js';

export const scoreCommand = defineCommand({
  ...scoreMeta,
  async run({ options: o, positionals }, io) {
    await useBackend(parseBackendName(o.backend));
    const engine = await selectEngine(parseEngineName(o.engine));
    logStream(io).write(`engine: ${engine.name} (${engine.detail})\n`);
    const scorer = await openPairScorer(o.model, engine.name);
    const { source, target } = scorer;
    const input = positionals[0] && positionals[0] !== '-' ? createReadStream(positionals[0]) : io.stdin;
    const scoreBatch = (pairs: Array<{ src: number[]; tgt: number[] }>): Promise<number[]> => scorer.scoreBatch(pairs);
    let batch: Array<{ src: number[]; tgt: number[] } | { error: string }> = [];
    const flush = async (): Promise<void> => {
      const valid = batch.filter((b): b is { src: number[]; tgt: number[] } => 'src' in b);
      const scores = valid.length > 0 ? await scoreBatch(valid) : [];
      let k = 0;
      for (const item of batch) {
        if ('error' in item) {
          io.stderr.write(`${item.error}\n`);
          io.stdout.write('\n');
          continue;
        }
        const logProb = scores[k++]!;
        const tokens = item.tgt.length + 1;
        io.stdout.write(`${logProb.toFixed(4)}\t${tokens}\t${perplexity(-logProb / tokens).toFixed(3)}\n`);
      }
      batch = [];
    };
    try {
      for await (const { lineNumber, fields } of readTabFields(input)) {
        const [src, tgt] = fields;
        batch.push(
          fields.length !== 2
            ? { error: `line ${lineNumber}: expected 'source<TAB>target', found ${fields.length} field(s)` }
            : { src: source.encode(src!), tgt: target.encode(tgt!) },
        );
        if (batch.length >= o['max-sentences']) await flush();
      }
      await flush();
    } finally {
      await scorer.close();
    }
    return 0;
  },
});
