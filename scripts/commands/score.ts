/**
 * `s2s score`: forced decoding — the model's log-probability of given translations (TSV source<TAB>target on stdin
 * or a file), one output line per input line, in order (a line without exactly two fields → an empty line and one
 * stderr message). `--max-sentences` and the input file are checked before the model loads; output is written with
 * backpressure; a reader that closes stdout (`| head`) ends the run quietly. Progress as `s2s translate` shows it: a
 * live line on a terminal, and a summary (lines, tokens scored, tokens/s) unless `--quiet`.
 */
import { defineCommand, logStream } from '../cli/command.js';
import { scoreMeta } from './score.meta.js';
import { useBackend, parseBackendName } from '../../lib/backend.js';
import { selectEngine, parseEngineName } from '../../lib/engine.js';
import { openPairScorer } from '../../lib/onnx/open-scorers.js';
import { readTabFields } from '../../lib/text/corpus/tsv.js';
import { MAX_LINE_BYTES } from '../../lib/text/line-reader.js';
import { perplexity } from '../../lib/eval/perplexity.js';
import { fileError } from '../../lib/io/file-errors.js';
import { checkPipelineOptions } from '../cli/pipeline-options.js';
import { LineWriter } from '../cli/line-writer.js';
import { openInput } from '../cli/open-input.js';
import { TranslationProgress } from '../../pipelines/formats/progress.js';
import { progressSink } from './progress-option.js';

export const scoreCommand = defineCommand({
  ...scoreMeta,
  async run({ options: o, positionals }, io) {
    checkPipelineOptions({ 'max-sentences': o['max-sentences'] });
    const path = positionals[0] && positionals[0] !== '-' ? positionals[0] : undefined;
    const input = path === undefined ? io.stdin : await openInput(path);
    await useBackend(parseBackendName(o.backend));
    const engine = await selectEngine(parseEngineName(o.engine));
    logStream(io).write(`engine: ${engine.name} (${engine.detail})\n`);
    const scorer = await openPairScorer(o.model, engine.name);
    const { source, target } = scorer;
    const writer = new LineWriter(io.stdout);
    const progress = new TranslationProgress({ sink: progressSink(io, o.progress), backend: engine.name });
    let batch: Array<{ src: number[]; tgt: number[] } | { error: string }> = [];
    const flush = async (): Promise<void> => {
      const valid = batch.filter((b): b is { src: number[]; tgt: number[] } => 'src' in b);
      const scores = valid.length > 0 ? await scorer.scoreBatch(valid) : [];
      let k = 0;
      for (const item of batch) {
        if ('error' in item) {
          progress.update({ data: { ok: false } });
          io.stderr.write(`${item.error}\n`);
          await writer.write('');
          continue;
        }
        const logProb = scores[k++]!;
        const tokens = item.tgt.length + 1;
        progress.update({ data: { ok: true, value: { tokens } } });
        await writer.write(`${logProb.toFixed(4)}\t${tokens}\t${perplexity(-logProb / tokens).toFixed(3)}`);
      }
      batch = [];
    };
    try {
      for await (const { lineNumber, fields, droppedBytes } of readTabFields(input)) {
        if (writer.closed) break;
        const [src, tgt] = fields;
        batch.push(
          droppedBytes > 0
            ? { error: `line ${lineNumber}: ${droppedBytes} bytes, over the limit of ${MAX_LINE_BYTES} bytes` }
            : fields.length !== 2
              ? { error: `line ${lineNumber}: expected 'source<TAB>target', found ${fields.length} field(s)` }
              : { src: source.encode(src!), tgt: target.encode(tgt!) },
        );
        if (batch.length >= o['max-sentences']) await flush();
      }
      await flush();
    } catch (err) {
      throw fileError(err, path ?? 'standard input', 'read');
    } finally {
      progress.finish();
      input.destroy();
      await scorer.close();
    }
    writer.throwIfFailed();
    return 0;
  },
});
