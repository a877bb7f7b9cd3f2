/**
 * Example: translate a live stream (stdin held open, lines typed one at a time) with a latency bound: a line waits
 * at most `maxWait` ms for company before its batch goes to the model, and each translation is written as soon as
 * it is ready; the read-ahead is bounded by a credit window shared by the reader and the writer.
 *
 * Run: node --import tsx pipelines/examples/live-stream.ts   (type lines; Ctrl-D ends)
 */
import type { Readable, Writable } from 'node:stream';
import { Credits } from '../credits.js';
import { linesFrom } from '../node/read-lines.js';
import { toWritable } from '../node/to-writable.js';
import { translate } from '../translate.js';
import { formatText } from '../formats/text.js';
import { demoTokenizer, demoTranslator, isMain } from './demo-components.js';

export async function liveStreamExample(input: Readable, output: Writable, maxWaitMs = 10): Promise<void> {
  const credits = new Credits(32);
  const results = linesFrom(input, { credits }).pipe(
    translate(
      demoTranslator(),
      { source: demoTokenizer, target: demoTokenizer },
      { credits, batch: { maxWait: maxWaitMs } },
    ),
  );
  await toWritable(results, output, { format: (r) => formatText(r, process.stderr), credits, end: false });
}

if (isMain(import.meta.url)) await liveStreamExample(process.stdin, process.stdout);
