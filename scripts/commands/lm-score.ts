/** `s2s lm score`: per-line log-probability and perplexity under a language model, streaming, in input order. */
import { createReadStream } from 'node:fs';
import { defineCommand } from '../cli/command.js';
import { lmScoreMeta } from './lm-score.meta.js';
import { useBackend, parseBackendName } from '../../lib/backend.js';
import { loadLanguageModel } from '../../lib/models/model-checkpoint.js';
import { scoreLines } from '../../pipelines/score-lines.js';
import { linesFrom } from '../../pipelines/node/read-lines.js';
import { toWritable } from '../../pipelines/node/to-writable.js';
import { Credits } from '../../pipelines/credits.js';
import { perplexity } from '../../lib/eval/perplexity.js';

export const lmScoreCommand = defineCommand({
  ...lmScoreMeta,
  async run({ options: o, positionals }, io) {
    await useBackend(parseBackendName(o.backend));
    const { model, tokenizer } = await loadLanguageModel(o.model);
    const credits = new Credits(256);
    const input = positionals[0] && positionals[0] !== '-' ? createReadStream(positionals[0]) : io.stdin;
    let total = { logProb: 0, tokens: 0 };
    const scorer = { scoreBatch: async (ids: readonly (readonly number[])[]) => model.scoreSentences(ids) };
    const results = linesFrom(input, { credits }).pipe(scoreLines(scorer, tokenizer, { batch: { maxSentences: o['max-sentences'], maxWait: 20 } }));
    try {
      await toWritable(results, io.stdout, {
        credits,
        end: false,
        format: (r) => {
          if (!r.data.ok) {
            io.stderr.write(`line ${Number(r.seq) + 1}: ${r.data.error.message}\n`);
            return '\n';
          }
          total = { logProb: total.logProb + r.data.value.logProb, tokens: total.tokens + r.data.value.tokens };
          return `${r.data.value.logProb.toFixed(4)}\t${r.data.value.tokens}\t${r.data.value.perplexity.toFixed(3)}\n`;
        },
      });
      io.stderr.write(`corpus: ${total.tokens} tokens, log p ${total.logProb.toFixed(2)}, perplexity ${perplexity(-total.logProb / Math.max(total.tokens, 1)).toFixed(3)}\n`);
    } finally {
      model.dispose();
    }
    return 0;
  },
});
