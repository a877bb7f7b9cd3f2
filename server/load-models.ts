/**
 * Loads the models `s2s serve` is asked to serve and decides each one's language pair: `FILE:en-es` on the command
 * line, else `--source-lang/--target-lang` (one model only), else the codes in the checkpoint's metadata
 * (`s2s train --source-lang/--target-lang`, or `s2s checkpoint set-lang`). A model without a pair, two models for
 * the same pair, or a language model whose vocabulary differs from a model's target side is an `OptionError`. A file
 * may hold an ensemble (`s2s ensemble`): its members are served together as one model.
 */
import { loadCheckpoint } from '../lib/io/checkpoint-file.js';
import { checkLanguageCode, languagesOf } from '../lib/io/language-codes.js';
import { loadLanguageModel, seq2seqFromCheckpoint } from '../lib/models/model-checkpoint.js';
import { membersOf } from '../lib/models/ensemble-checkpoint.js';
import type { Seq2Seq } from '../lib/models/seq2seq.js';
import type { Tokenizer } from '../lib/text/tokenizer.js';
import { sameBytes } from '../lib/util/same-bytes.js';
import { OptionError } from '../lib/errors.js';
import type { LanguagePair } from './backend.js';
import { pairName } from './backend.js';
import type { ServedModel } from './local-backend.js';

/** One `--model` argument: a path and optionally `:src-tgt`. */
export interface ModelSpec {
  path: string;
  pair?: LanguagePair;
}

/**
 * `FILE` or `FILE:en-es`; subtags start with a capital (`FILE:pt-BR-en`), so the dash between the two codes is
 * unambiguous. A suffix that does not read as two codes is part of the path.
 */
export function parseModelSpec(arg: string): ModelSpec {
  const code = '[a-z]{2,3}(?:-[A-Z][A-Za-z0-9]{1,7})?';
  const match = new RegExp(`^(.+):(${code})-(${code})$`).exec(arg);
  if (match === null) return { path: arg };
  return { path: match[1]!, pair: { source: match[2]!, target: match[3]! } };
}

export interface LoadModelsOptions {
  /** Pair for a single model whose file has none (`--source-lang/--target-lang`). */
  languages?: { source?: string; target?: string };
  /** Target-side language model file (`--lm`), attached to the models whose target language it speaks. */
  lmPath?: string;
}

/** Loads every model; frees what was loaded when one fails. */
export async function loadServedModels(
  specs: readonly ModelSpec[],
  options: LoadModelsOptions = {},
): Promise<ServedModel[]> {
  if (specs.length === 0)
    throw new OptionError('E_OPTION_MISSING', 's2s serve needs at least one --model FILE[:src-tgt]', {
      option: '--model',
    });
  const given = options.languages ?? {};
  if ((given.source !== undefined || given.target !== undefined) && specs.length > 1) {
    throw new OptionError(
      'E_OPTION_INVALID',
      '--source-lang/--target-lang name the pair of a single model; with several models write --model FILE:src-tgt for each',
    );
  }
  const loaded: ServedModel[] = [];
  try {
    for (const spec of specs) {
      const checkpoint = await loadCheckpoint(spec.path);
      const members = membersOf(checkpoint, spec.path); // one for a seq2seq file; CheckpointError for another kind
      const stored = languagesOf(checkpoint);
      const source =
        spec.pair?.source ??
        (given.source === undefined ? undefined : checkLanguageCode(given.source, '--source-lang')) ??
        stored.source;
      const target =
        spec.pair?.target ??
        (given.target === undefined ? undefined : checkLanguageCode(given.target, '--target-lang')) ??
        stored.target;
      if (source === undefined || target === undefined) {
        throw new OptionError(
          'E_OPTION_MISSING',
          `${spec.path} does not say which languages it translates: serve it as --model ${spec.path}:en-es (your codes), or store them once with s2s checkpoint set-lang ${spec.path} --source-lang en --target-lang es`,
        );
      }
      const pair = { source, target };
      if (loaded.some((m) => pairName(m.pair) === pairName(pair)))
        throw new OptionError(
          'E_OPTION_INVALID',
          `two models serve ${pairName(pair)}; serve one model per language pair`,
        );
      const built: Array<{ model: Seq2Seq; weight: number }> = [];
      let tokenizers: { source: Tokenizer; target: Tokenizer } | undefined;
      try {
        for (const m of members) {
          const one = await seq2seqFromCheckpoint(m.checkpoint, m.source);
          built.push({ model: one.model, weight: m.weight });
          tokenizers ??= { source: one.source, target: one.target };
        }
      } catch (err) {
        for (const b of built) b.model.dispose();
        throw err;
      }
      loaded.push({ pair, model: built[0]!.model, ...(built.length > 1 ? { members: built } : {}), ...tokenizers! });
    }
    if (options.lmPath !== undefined) await attachLm(loaded, options.lmPath);
    return loaded;
  } catch (err) {
    for (const m of loaded) for (const member of m.members ?? [m]) member.model.dispose();
    throw err;
  }
}

/** Attaches the LM to every model whose target language is the LM's (any model when the LM names none). */
async function attachLm(models: ServedModel[], path: string): Promise<void> {
  const lm = await loadLanguageModel(path);
  const lang = languagesOf(lm.checkpoint).target;
  const matching = models.filter((m) => lang === undefined || m.pair.target === lang);
  const bytes = lm.tokenizer.serialize();
  const usable = matching.filter((m) => sameBytes(m.target.serialize(), bytes));
  if (usable.length === 0) {
    lm.model.dispose();
    throw new OptionError(
      'E_OPTION_INVALID',
      `--lm ${path}${lang === undefined ? '' : ` (language ${lang})`}: no served model has its target language and tokenizer, so its token ids would not match; train it with s2s lm train --tokenizer-from MODEL`,
    );
  }
  for (const m of usable) m.lm = lm.model;
}
