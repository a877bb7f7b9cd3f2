/**
 * What the page has translated, by line text and search settings, so that editing one line re-translates only
 * that line: unchanged lines keep their translation, and the same line typed again is not decoded again.
 */
import type { LineTranslation, SearchSettings } from './protocol.js';

/** Most translations kept (the oldest go first). */
const CAPACITY = 2000;

export class LineCache {
  private readonly entries = new Map<string, LineTranslation>();

  get(settings: SearchSettings, line: string): LineTranslation | undefined {
    return this.entries.get(key(settings, line));
  }

  set(settings: SearchSettings, line: string, translation: LineTranslation): void {
    this.entries.delete(key(settings, line));
    this.entries.set(key(settings, line), translation);
    if (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The distinct lines of `lines` without a translation under `settings`, in order of first appearance. */
  missing(settings: SearchSettings, lines: readonly string[]): string[] {
    return [...new Set(lines)].filter((line) => !this.entries.has(key(settings, line)));
  }
}

function key(settings: SearchSettings, line: string): string {
  return `${settings.beamSize}/${settings.nBest}\n${line}`;
}
