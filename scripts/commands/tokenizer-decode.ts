/** `s2s tokenizer decode`: stdin lines of space-separated ids → text, one line per line, flushed per line. */
import { defineCommand } from '../cli/command.js';
import { tokenizerDecodeMeta } from './tokenizer-decode.meta.js';
import { readLines } from '../../lib/text/line-reader.js';
import { S2SError, DataError } from '../../lib/errors.js';
import { loadModelFile } from './tokenizer-io.js';
import { LineWriter } from '../cli/line-writer.js';

export const tokenizerDecodeCommand = defineCommand({
  ...tokenizerDecodeMeta,
  async run({ options }, io) {
    const tokenizer = await loadModelFile(options.model);
    let failures = 0;
    const writer = new LineWriter(io.stdout);
    for await (const line of readLines(io.stdin)) {
      if (writer.closed) break;
      const fields = line.text.trim() === '' ? [] : line.text.trim().split(/\s+/);
      try {
        const bad = fields.find((f) => !/^\d+$/.test(f));
        if (bad !== undefined)
          throw new DataError(
            'E_TOKEN_ID',
            `expected space-separated integer ids, found '${bad}'. Feed the output of 's2s tokenizer encode --ids'.`,
            { token: bad },
          );
        const ids = fields.map(Number);
        await writer.write(tokenizer.decode(ids));
      } catch (err) {
        if (!(err instanceof S2SError)) throw err;
        failures++;
        io.stderr.write(`s2s tokenizer decode: line ${line.lineNumber}: ${err.message}\n`);
        await writer.write('');
      }
    }
    writer.throwIfFailed();
    return failures === 0 ? 0 : 1;
  },
});
