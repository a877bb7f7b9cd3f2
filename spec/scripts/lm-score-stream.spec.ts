/**
 * `s2s lm score`'s stream (`scoredLines`): the reader, the pipeline and the writer share one credit window, so a
 * model slower than the input never makes the command read the whole input into memory (it read all of it before).
 */
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { scoredLines } from '../../scripts/commands/lm-score.js';
import { Credits } from '../../pipelines/credits.js';
import { charTokenizer } from '../pipelines/fakes.js';

describe('s2s lm score: lines read ahead of the output stay within the credit window', () => {
  it('20,000 lines, a model slower than the input: at most 256 lines read and not yet scored; all scored, in order', async () => {
    let pulled = 0;
    async function* input(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 20_000; i++) {
        pulled++;
        yield Buffer.from(`${'x'.repeat(i % 7)}\n`);
      }
    }
    const scorer = {
      async scoreBatch(ids: readonly (readonly number[])[]) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return ids.map((s) => ({ logProb: -s.length, tokens: s.length + 1 }));
      },
    };
    const credits = new Credits(256);
    let out = 0;
    let ahead = 0;
    const results = await lastValueFrom(
      scoredLines(Readable.from(input()), scorer, charTokenizer, { credits, maxSentences: 32 }).pipe(
        tap(() => (ahead = Math.max(ahead, pulled - ++out))),
        toArray(),
      ),
    );
    expect(ahead, 'lines read ahead of the output').to.be.at.most(256);
    expect(results).to.have.length(20_000);
    results.forEach((r, i) => {
      expect(r.seq).to.equal(i);
      expect(r.data.ok && r.data.value.tokens).to.equal((i % 7) + 1);
    });
  });
});
