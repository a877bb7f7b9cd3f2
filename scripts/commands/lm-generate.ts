/** `s2s lm generate`: samples sentences from a language model, streaming each to stdout as soon as its batch is done. */
import { defineCommand } from '../cli/command.js';
import { lmGenerateMeta } from './lm-generate.meta.js';
import { useBackend, parseBackendName } from '../../lib/backend.js';
import { loadLanguageModel } from '../../lib/models/model-checkpoint.js';
import { sampleSentences } from '../../lib/models/lm-sampling.js';
import { OptionError } from '../../lib/errors.js';
import { checkBounded } from '../../lib/util/bounds.js';
import { DECODE_FLAGS } from '../cli/decode-options.js';
import { withFlagErrors } from '../cli/flag-errors.js';
import { LineWriter } from '../cli/line-writer.js';

export const lmGenerateCommand = defineCommand({
  ...lmGenerateMeta,
  async run({ options: o }, io) {
    if (!Number.isInteger(o.n) || o.n < 0)
      throw new OptionError('E_OPTION_INVALID', `--n must be an integer ≥ 0, got ${o.n}`);
    checkBounded('--batch', o.batch, { min: 1, max: 4096, reason: 'memory grows with it' });
    await useBackend(parseBackendName(o.backend));
    const { model, tokenizer } = await loadLanguageModel(o.model);
    const writer = new LineWriter(io.stdout);
    try {
      for (let done = 0; done < o.n && !writer.closed; done += o.batch) {
        const count = Math.min(o.batch, o.n - done);
        const samples = await withFlagErrors(DECODE_FLAGS, () =>
          sampleSentences(model, count, {
            temperature: o.temperature,
            topK: o['top-k'],
            topP: o['top-p'],
            minLength: o['min-length'],
            maxLength: o['max-length'],
            banUnk: !o['allow-unk'],
            seed: o.seed + done,
          }),
        );
        for (const s of samples) await writer.write(tokenizer.decode(s.tokens));
      }
      writer.throwIfFailed();
      return 0;
    } finally {
      model.dispose();
    }
  },
});
