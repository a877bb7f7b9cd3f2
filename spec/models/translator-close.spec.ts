/** A translator used after close() fails with a typed error, not a raw TypeError from freed weights. */
import { expect } from 'chai';
import { Seq2Seq } from '../../lib/models/seq2seq.js';
import { Seq2SeqTranslator } from '../../lib/models/seq2seq-translator.js';
import { ClosedError } from '../../lib/errors.js';
import { TINY_SEQ2SEQ } from '../helpers/tiny-models.js';

describe('Seq2SeqTranslator after dispose()', () => {
  it('translateBatch rejects with E_CLOSED; dispose twice is harmless', async () => {
    const model = new Seq2Seq(TINY_SEQ2SEQ);
    const translator = new Seq2SeqTranslator(model, { beamSize: 1, maxLength: 3 });
    expect(await translator.translateBatch([[4, 5]])).to.have.length(1);
    translator.dispose();
    translator.dispose();
    const err = await translator.translateBatch([[4, 5]]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(ClosedError);
    expect((err as ClosedError).code).to.equal('E_CLOSED');
    expect((err as ClosedError).message).to.match(/after close/);
  });
});
