/**
 * `s2s checkpoint set-lang FILE --source-lang en --target-lang es` (translation model) or `--lang es` (language
 * model): writes the language codes into an existing checkpoint's metadata. Everything else is kept as it was: the
 * weights are re-encoded in the file's own storage (float16 stays float16, so their bits are unchanged), and the file
 * is replaced atomically.
 */
import { defineCommand } from '../cli/command.js';
import { checkpointSetLangMeta } from './checkpoint-set-lang.meta.js';
import { loadCheckpoint, saveCheckpoint } from '../../lib/io/checkpoint-file.js';
import { checkLanguageCode, languageMeta, languagesOf } from '../../lib/io/language-codes.js';
import { OptionError } from '../../lib/errors.js';

export const checkpointSetLangCommand = defineCommand({
  ...checkpointSetLangMeta,
  async run(args, io) {
    const path = args.positionals[0];
    if (path === undefined || args.positionals.length > 1) {
      throw new OptionError(
        'E_OPTION_INVALID',
        `expected exactly one checkpoint FILE, got ${args.positionals.length}: s2s checkpoint set-lang FILE --source-lang CODE --target-lang CODE`,
      );
    }
    const o = args.options;
    const checkpoint = await loadCheckpoint(path);
    if (checkpoint.kind === 'lm' && (o['source-lang'] !== undefined || o['target-lang'] !== undefined)) {
      throw new OptionError(
        'E_OPTION_INVALID',
        `${path} is a language model: give its language with --lang CODE (it has no source and target side)`,
      );
    }
    if (checkpoint.kind !== 'lm' && o.lang !== undefined) {
      // seq2seq and ensemble files
      throw new OptionError(
        'E_OPTION_INVALID',
        `${path} is a translation model: give --source-lang CODE and --target-lang CODE instead of --lang`,
      );
    }
    const given =
      checkpoint.kind === 'lm' ? { target: o.lang } : { source: o['source-lang'], target: o['target-lang'] };
    if (Object.values(given).every((v) => v === undefined)) {
      throw new OptionError(
        'E_OPTION_MISSING',
        checkpoint.kind === 'lm' ? 'give --lang CODE' : 'give --source-lang CODE and/or --target-lang CODE',
      );
    }
    const languages = { ...languagesOf(checkpoint) };
    if (given.source !== undefined) languages.source = checkLanguageCode(given.source, '--source-lang');
    if (given.target !== undefined)
      languages.target = checkLanguageCode(given.target, checkpoint.kind === 'lm' ? '--lang' : '--target-lang');
    await saveCheckpoint(path, {
      ...checkpoint,
      meta: { ...checkpoint.meta, ...languageMeta(checkpoint.kind, languages) },
    });
    io.stderr.write(
      `${path}: ${checkpoint.kind === 'lm' ? `lang ${languages.target}` : `${languages.source ?? '?'} → ${languages.target ?? '?'}`}\n`,
    );
    return 0;
  },
});
