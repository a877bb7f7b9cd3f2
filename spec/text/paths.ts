/** Paths shared by the text specs. */
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const TEXT_FIXTURES = join(ROOT, 'fixtures', 'text');
export const BIBLE_8K = join(ROOT, 'fixtures', 'tokenizers', 'bible-8k.model');
export const BIBLE_DIR = join(ROOT, '..', 'shared', 'data', 'bible');
export const BIBLE_DEV = join(BIBLE_DIR, 'web-rv1909.dev.tsv');
export const BIBLE_TRAIN = join(BIBLE_DIR, 'web-rv1909.train.tsv');
