/**
 * `s2s lm score`: per-line log-probability and perplexity under a language model, streaming, in input order.
 * `--max-sentences` is checked before the model loads (usage error); an unreadable input is one line naming it; a
 * reader that closes stdout (`| head`) ends the run quietly; at most 256 lines are read ahead of the output. Progress
 * as `s2s translate` shows it: a live line on a terminal, and a summary (lines, tokens scored, tokens/s) unless
 * `--quiet`, before the corpus line.
 */
import { defineCommand, logStream } from '../cli/command.js';
import { lmScoreMeta } from './lm-score.meta.js';
import { checkPipelineOptions } from '../cli/pipeline-options.js';
import { useBackend, parseBackendName } from '../../lib/backend.js';
import { selectEngine, parseEngineName } from '../../lib/engine.js';
import { openSentenceScorer } from '../../lib/onnx/open-scorers.js';
import { fileError } from '../../lib/io/file-errors.js';
import { openInput } from '../cli/open-input.js';
import { scoreLines } from '../../pipelines/score-lines.js';
import { linesFrom } from '../../pipelines/node/read-lines.js';
import { toWritable } from '../../pipelines/node/to-writable.js';
import { Credits } from '../../pipelines/credits.js';
import { perplexity } from '../../lib/eval/perplexity.js';
import { TranslationProgress } from '../../pipelines/formats/progress.js';
import { progressSink } from './progress-option.js';
import { tap, type Observable } from 'rxjs';
import type { ByteSource } from '../../lib/text/line-reader.js';
import type { Tokenizer } from '../../lib/text/tokenizer.js';
import type { LineScore, LineScorer } from '../../pipelines/lm.js';
import type { LineResult } from '../../pipelines/types.js';

/**
 * The lines of `input` scored in order. The reader, the pipeline and the writer share one credit window, so at most
 * `credits.limit` lines are read ahead of the output whatever the model's speed (memory stays bounded on any input).
 */
export function scoredLines(
  input: ByteSource,
  scorer: LineScorer,
  tokenizer: Pick<Tokenizer, 'encode'>,
  options: { credits: Credits; maxSentences: number },
): Observable<LineResult<LineScore>> {
  const { credits, maxSentences } = options;
  return linesFrom(input, { credits }).pipe(
    scoreLines(scorer, tokenizer, { batch: { maxSentences, maxWait: 20 }, credits }),
  );
}

export const lmScoreCommand = defineCommand({
  ...lmScoreMeta,
  async run({ options: o, positionals }, io) {
    checkPipelineOptions({ 'max-sentences': o['max-sentences'] });
    const path = positionals[0] && positionals[0] !== '-' ? positionals[0] : undefined;
    const input = path === undefined ? io.stdin : await openInput(path);
    const inputName = path ?? 'standard input';
    await useBackend(parseBackendName(o.backend));
    const engine = await selectEngine(parseEngineName(o.engine));
    logStream(io).write(`engine: ${engine.name} (${engine.detail})\n`);
    const lm = await openSentenceScorer(o.model, engine.name);
    const { tokenizer } = lm;
    const credits = new Credits(256);
    let total = { logProb: 0, tokens: 0 };
    const scorer = { scoreBatch: (ids: readonly (readonly number[])[]) => lm.scoreBatch(ids) };
    const progress = new TranslationProgress({ sink: progressSink(io, o.progress), backend: engine.name });
    const results = scoredLines(input, scorer, tokenizer, { credits, maxSentences: o['max-sentences'] }).pipe(
      tap((r) => progress.update(r)),
    );
    // The first error of each end, to name the right path.
    let readError: unknown;
    let writeError: unknown;
    input.on('error', (err) => void (readError ??= err));
    io.stdout.on('error', (err) => void (writeError ??= err));
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
    } catch (err) {
      if ((writeError as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') {
        input.destroy();
        return 0;
      }
      if (readError !== undefined) throw fileError(readError, inputName, 'read');
      if (writeError !== undefined) throw fileError(writeError, 'standard output', 'write');
      throw err;
    } finally {
      progress.finish();
      await lm.close();
    }
    io.stderr.write(
      `corpus: ${total.tokens} tokens, log p ${total.logProb.toFixed(2)}, perplexity ${perplexity(-total.logProb / Math.max(total.tokens, 1)).toFixed(3)}\n`,
    );
    return 0;
  },
});
