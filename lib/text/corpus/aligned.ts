/**
 * Two aligned plain-text files (line i of the source translates line i of the target), read as pairs with the
 * hygiene of line-reader.ts. Both files are counted first, so a mismatch is reported before any pair is used.
 */
import { DataError } from '../../errors.js';
import { readFileLines, type TextLine } from '../line-reader.js';

export interface TextPair {
  /** 1-based line number (the same in both files). */
  lineNumber: number;
  source: string;
  target: string;
  /** Invalid UTF-8 bytes replaced on this line, both sides together. */
  invalidBytes: number;
}

/** Number of lines `readFileLines` yields for a file. */
export async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const _line of readFileLines(path)) n++;
  return n;
}

/**
 * Yields the aligned pairs of two files.
 * @throws DataError E_ALIGN_COUNT when the files have different line counts (both counts in the message).
 */
export async function* readAlignedFiles(sourcePath: string, targetPath: string): AsyncGenerator<TextPair> {
  const [sourceCount, targetCount] = await Promise.all([countLines(sourcePath), countLines(targetPath)]);
  if (sourceCount !== targetCount) {
    throw new DataError(
      'E_ALIGN_COUNT',
      `expected aligned files with the same number of lines, found ${sourceCount} lines in ${sourcePath} and ${targetCount} in ${targetPath}. Check that they are translations of each other, line by line (an extra or missing line break?).`,
      { sourcePath, targetPath, sourceCount, targetCount },
    );
  }
  const targets = readFileLines(targetPath)[Symbol.asyncIterator]();
  for await (const source of readFileLines(sourcePath)) {
    const next: IteratorResult<TextLine> = await targets.next();
    if (next.done) break;
    yield {
      lineNumber: source.lineNumber,
      source: source.text,
      target: next.value.text,
      invalidBytes: source.invalidBytes + next.value.invalidBytes,
    };
  }
}
