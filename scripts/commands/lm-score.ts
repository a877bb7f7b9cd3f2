/** `s2s lm score`: per-line log-probability and perplexity under a language model, streaming, in input order. */
import { createReadStream } from 'node:fs';
import { defineCommand } from '../cli/command.js';
import { useBackend, parseBackendName } from '../../lib/backend.js';
import { selectEngine, parseEngineName } from '../../lib/engine.js';
import { openSentenceScorer } from '../../lib/onnx/open-scorers.js';
import { ENGINE_OPTION } from './engine-option.js';
import { scoreLines } from '../../pipelines/score-lines.js';
import { linesFrom } from '../../pipelines/node/read-lines.js';
import { toWritable } from '../../pipelines/node/to-writable.js';
import { Credits } from '../../pipelines/credits.js';

export const lmScoreCommand = defineCommand({
  path: ['lm', 'score'],
  summary: 'log-probability and perplexity of each line under a language model',
  usage: '--model LM.s2s [FILE]   (reads stdin without FILE; writes logprob<TAB>tokens<TAB>perplexity per line)',
  options: {
    model: { type: 'string', alias: 'm', required: true, description: 'language model file (.s2s, kind lm)' },
    'max-sentences': { type: 'number', default: 32, description: 'lines scored per batch' },
    ...ENGINE_OPTION,
  },
  async run({ options: o, positionals }, io) {
    await useBackend(parseBackendName(o.backend));
    const engine = await selectEngine(parseEngineName(o.engine));
    io.stderr.write(`engine: ${engine.name} (${engine.detail})\n`);
    const lm = await openSentenceScorer(o.model, engine.name);
    const { tokenizer } = lm;
    const credits = new Credits(256);
    const input = positionals[0] && positionals[0] !== '-' ? createReadStream(positionals[0]) : io.stdin;
    let total = { logProb: 0, tokens: 0 };
    const scorer = { scoreBatch: (ids: readonly (readonly number[])[]) => lm.scoreBatch(ids) };
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
      io.stderr.write(`corpus: ${total.tokens} tokens, log p ${total.logProb.toFixed(2)}, perplexity ${Math.exp(-total.logProb / Math.max(total.tokens, 1)).toFixed(3)}\n`);
    } finally {
      await lm.close();
    }
    return 0;
  },
});
