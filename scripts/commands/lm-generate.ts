/** `s2s lm generate`: samples sentences from a language model, streaming each to stdout as soon as its batch is done. */
import { defineCommand } from '../cli/command.js';
import { useBackend, parseBackendName } from '../../lib/backend.js';
import { loadLanguageModel } from '../../lib/models/model-checkpoint.js';
import { sampleSentences } from '../../lib/models/lm-sampling.js';
import { OptionError } from '../../lib/errors.js';
import { DEFAULTS } from '../../lib/decode/options.js';
import { DECODE_FLAGS } from '../cli/decode-options.js';
import { withFlagErrors } from '../cli/flag-errors.js';

export const lmGenerateCommand = defineCommand({
  path: ['lm', 'generate'],
  summary: 'sample sentences from a language model',
  usage: '--model LM.s2s [--n N] [--temperature T] [--top-k K] [--top-p P] [--min-length M] [--seed S]',
  options: {
    model: { type: 'string', alias: 'm', required: true, description: 'language model file (.s2s, kind lm)' },
    n: { type: 'number', default: 10, description: 'sentences to draw' },
    batch: { type: 'number', default: 10, description: 'sentences drawn together' },
    temperature: { type: 'number', default: DEFAULTS.temperature, description: 'sampling temperature (<1 sharper)' },
    'top-k': { type: 'number', default: DEFAULTS.topK, description: 'sample among the k most likely tokens (0 = all)' },
    'top-p': { type: 'number', default: DEFAULTS.topP, description: 'nucleus sampling threshold (1 = all)' },
    // generation, unlike translation, has no source to bound its length: sentences of at least 5 and at most 80 tokens
    'min-length': { type: 'number', default: 5, description: 'no end of sentence before this many tokens' },
    'max-length': { type: 'number', default: 80, description: 'at most this many tokens' },
    'allow-unk': { type: 'boolean', description: 'allow the unknown token (banned by default)' },
    seed: { type: 'number', default: DEFAULTS.seed, description: 'seed: the same seed draws the same sentences' },
  },
  async run({ options: o }, io) {
    if (!Number.isInteger(o.n) || o.n < 0) throw new OptionError('E_OPTION_INVALID', `--n must be an integer ≥ 0, got ${o.n}`);
    if (!Number.isInteger(o.batch) || o.batch < 1) throw new OptionError('E_OPTION_INVALID', `--batch must be an integer ≥ 1, got ${o.batch}`);
    await useBackend(parseBackendName(o.backend));
    const { model, tokenizer } = await loadLanguageModel(o.model);
    try {
      for (let done = 0; done < o.n; done += o.batch) {
        const count = Math.min(o.batch, o.n - done);
        const samples = await withFlagErrors(DECODE_FLAGS, () => sampleSentences(model, count, { temperature: o.temperature, topK: o['top-k'], topP: o['top-p'], minLength: o['min-length'], maxLength: o['max-length'], banUnk: !o['allow-unk'], seed: o.seed + done }));
        for (const s of samples) io.stdout.write(`${tokenizer.decode(s.tokens)}\n`);
      }
      return 0;
    } finally {
      model.dispose();
    }
  },
});
