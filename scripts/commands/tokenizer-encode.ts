/** `s2s tokenizer encode`: stdin lines → ids (or pieces), one output line per input line, flushed per line. */
import { defineCommand } from '../cli/command.js';
import { tokenizerEncodeMeta } from './tokenizer-encode.meta.js';
import { readLines } from '../../lib/text/line-reader.js';
import { loadModelFile } from './tokenizer-io.js';
import { LineWriter } from '../cli/line-writer.js';

export const tokenizerEncodeCommand = defineCommand({
  ...tokenizerEncodeMeta,
  async run({ options }, io) {
    const tokenizer = await loadModelFile(options.model);
    let invalidBytes = 0;
    let damagedLines = 0;
    const writer = new LineWriter(io.stdout);
    for await (const line of readLines(io.stdin)) {
      if (writer.closed) break;
      if (line.invalidBytes > 0) {
        invalidBytes += line.invalidBytes;
        damagedLines++;
      }
      const out = options.pieces ? tokenizer.encodePieces(line.text).join(' ') : tokenizer.encode(line.text).join(' ');
      await writer.write(out);
    }
    writer.throwIfFailed();
    if (invalidBytes > 0)
      io.stderr.write(
        `s2s tokenizer encode: replaced ${invalidBytes} invalid UTF-8 bytes with U+FFFD on ${damagedLines} lines\n`,
      );
    return 0;
  },
});
