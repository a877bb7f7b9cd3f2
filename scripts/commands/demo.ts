/**
 * `s2s demo` (`npm run demo`): the shipped English→Spanish model at work — a few sentences translated with beam search,
 * then the same model as a live stream (lines arriving one by one, each translation printed as soon as it is ready),
 * with the backend and throughput.
 */
import { concatMap, delay, from, of, type Observable } from 'rxjs';
import { defineCommand } from '../cli/command.js';
import { demoMeta } from './demo.meta.js';
import { openTranslator } from '../../lib/models/open-translator.js';
import { parseBackendName } from '../../lib/backend.js';
import { translateLines } from '../../pipelines/translate-lines.js';

const SENTENCES = [
  'In the beginning God created the heavens and the earth.',
  'The king sent messengers to the city.',
  'And the people answered and said, We will serve the Lord.',
  'He went up to the mountain to pray.',
];

const STREAM = [
  'Love your neighbor as yourself.',
  '',
  'Blessed are the peacemakers, for they shall be called children of God.',
  'The light shines in the darkness.',
];

export const demoCommand = defineCommand({
  ...demoMeta,
  async run({ options: o }, io) {
    const started = performance.now();
    const opened = await openTranslator(o.model, {
      backend: parseBackendName(o.backend),
      decode: { beamSize: o['beam-size'] },
    });
    io.stdout.write(
      `model ${o.model}\nbackend ${opened.backend} (load ${((performance.now() - started) / 1000).toFixed(1)} s)\n\n`,
    );
    try {
      let tokens = 0;
      const batchStart = performance.now();
      const sources = SENTENCES.map((s) => opened.sourceTokenizer.encode(s));
      const results = await opened.translator.translateBatch(sources);
      results.forEach((nBest, i) => {
        const best = nBest[0]!;
        tokens += best.tokens.length + 1;
        io.stdout.write(`en: ${SENTENCES[i]}\nes: ${opened.targetTokenizer.decode(best.tokens)}\n\n`);
      });
      const seconds = (performance.now() - batchStart) / 1000;
      io.stdout.write(
        `batch of ${SENTENCES.length}, beam ${o['beam-size']}: ${tokens} target tokens in ${seconds.toFixed(2)} s = ${(tokens / seconds).toFixed(0)} tokens/s\n\n`,
      );

      io.stdout.write('streaming (one line every 300 ms; each translation is printed as soon as it is ready):\n');
      const streamStart = performance.now();
      const lines: Observable<string> = from(STREAM).pipe(
        concatMap((line, i) => (i === 0 ? of(line) : of(line).pipe(delay(300)))),
      );
      await new Promise<void>((resolve, reject) =>
        translateLines(lines, opened, { batch: { maxWait: 10 } }).subscribe({
          next: (r) =>
            io.stdout.write(
              `  [${((performance.now() - streamStart) / 1000).toFixed(2)} s] ${r.source || '(empty line)'} → ${r.data.ok ? r.data.value.text : `error: ${r.data.error.message}`}\n`,
            ),
          error: reject,
          complete: resolve,
        }),
      );
      return 0;
    } finally {
      opened.close();
    }
  },
});
