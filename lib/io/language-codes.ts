/**
 * Language codes in checkpoint metadata: a translation model stores `meta.sourceLang` and `meta.targetLang`, a
 * language model `meta.lang` (BCP 47 tags such as `en`, `es`, `pt-BR`). `s2s train --source-lang/--target-lang` writes
 * them; `s2s checkpoint set-lang` adds them to an existing file; `s2s serve` routes requests by them.
 */
import { OptionError } from '../errors.js';
import type { Checkpoint } from './checkpoint-types.js';

/** A BCP 47-style tag: a 2–3 letter language, then optional subtags (`en`, `es`, `pt-BR`, `zh-Hant`). */
const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The languages a checkpoint declares; a field is absent when the file does not say. */
export interface CheckpointLanguages {
  /** Source language of a translation model. */
  source?: string;
  /** Target language of a translation model, or the language of a language model. */
  target?: string;
}

/**
 * Checks a language code given on the command line or in metadata.
 * @throws OptionError E_OPTION_INVALID naming `option`, with the expected form
 */
export function checkLanguageCode(code: string, option: string): string {
  if (!LANGUAGE_CODE.test(code)) {
    throw new OptionError(
      'E_OPTION_INVALID',
      `${option} must be a language code such as en, es or pt-BR (lowercase ISO 639 language, optional -subtags), got ${JSON.stringify(code)}`,
      { option, value: code },
    );
  }
  return code;
}

/** The language codes stored in a checkpoint's metadata (invalid or missing entries are left out). */
export function languagesOf(checkpoint: Pick<Checkpoint, 'kind' | 'meta'>): CheckpointLanguages {
  const read = (key: string): string | undefined => {
    const value = checkpoint.meta[key];
    return typeof value === 'string' && LANGUAGE_CODE.test(value) ? value : undefined;
  };
  const source = checkpoint.kind !== 'lm' ? read('sourceLang') : undefined; // seq2seq and ensemble files
  const target = checkpoint.kind !== 'lm' ? read('targetLang') : read('lang');
  return { ...(source === undefined ? {} : { source }), ...(target === undefined ? {} : { target }) };
}

/** Metadata entries for the given languages (keys as `languagesOf` reads them). */
export function languageMeta(kind: Checkpoint['kind'], languages: CheckpointLanguages): Record<string, string> {
  if (kind === 'lm') return languages.target === undefined ? {} : { lang: languages.target };
  return {
    ...(languages.source === undefined ? {} : { sourceLang: languages.source }),
    ...(languages.target === undefined ? {} : { targetLang: languages.target }),
  };
}
