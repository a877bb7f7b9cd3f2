/** `s2s lm generate`: samples sentences from a language model, streaming each to stdout as soon as its batch is done. */
import { defineCommand } from '../cli/command.js';
import { lmGenerateMeta } from './lm-generate.meta.js';
import { useBackend, parseBackendName } from '../../lib/backend.js';
import { loadLanguageModel } from '../../lib/models/model-checkpoint.js';
import { sampleSentences } from '../../lib/models/lm-sampling.js';
import { OptionError } from '../../lib/errors.js';
import { DECODE_FLAGS } from '../cli/decode-options.js';
import { withFlagErrors } from '../cli/flag-errors.js';

export const lmGenerateCommand = defineCommand({
  ...lmGenerateMeta,
  async run({ options: o }, io) {
    if (!Number.isInteger(o.n) || o.n < 0)
      throw new OptionError('E_OPTION_INVALID', `--n must be an integer ≥ 0, got ${o.n}`);
    if (!Number.isInteger(o.batch) || o.batch < 1)
      throw new OptionError('E_OPTION_INVALID', `--batch must be an integer ≥ 1, got ${o.batch}`);
    await useBackend(parseBackendName(o.backend));
    const { model, tokenizer } = await loadLanguageModel(o.model);
    try {
      for (let done = 0; done < o.n; done += o.batch) {
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
        for (const s of samples) io.stdout.write(`${tokenizer.decode(s.tokens)}\n`);
      }
      return 0;
    } finally {
      model.dispose();
    }
  },
});
