/** Paths shared by the text specs. */
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const TEXT_FIXTURES = join(ROOT, 'fixtures', 'text');
export const BIBLE_8K = join(ROOT, 'fixtures', 'tokenizers', 'bible-8k.model');
/** The Bible dev split, in the repository (fixtures/corpus/README.md). */
export const BIBLE_DEV = join(ROOT, 'fixtures', 'corpus', 'web-rv1909.dev.tsv');
