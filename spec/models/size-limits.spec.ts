/**
 * Model shapes past MODEL_SIZE_LIMITS are usage errors naming the field (library) or the flag (CLI), raised before
 * any weight is allocated or any data is read — not `Invalid typed array length` or an out-of-memory abort.
 */
import { expect } from 'chai';
import { resolveSeq2SeqConfig } from '../../lib/models/seq2seq-config.js';
import { resolveLmConfig } from '../../lib/models/lm-config.js';
import { MODEL_SIZE_LIMITS } from '../../lib/models/size-limits.js';
import { OptionError } from '../../lib/errors.js';
import { s2s } from '../helpers/cli.js';

function fieldOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).to.be.instanceOf(OptionError);
    return (e as OptionError).details['field'] as string;
  }
  throw new Error('expected an OptionError');
}

describe('model size limits', () => {
  const vocab = { sourceVocab: 100, targetVocab: 100 };
  const L = MODEL_SIZE_LIMITS;

  it('translation model: each width, layer count and vocabulary is bounded, the limits themselves accepted', () => {
    expect(resolveSeq2SeqConfig({ ...vocab, hiddenSize: L.width, encoderLayers: L.layers }).hiddenSize).to.equal(
      L.width,
    );
    expect(fieldOf(() => resolveSeq2SeqConfig({ ...vocab, hiddenSize: L.width + 2 }))).to.equal('hiddenSize');
    expect(fieldOf(() => resolveSeq2SeqConfig({ ...vocab, embeddingSize: 100_000 }))).to.equal('embeddingSize');
    expect(fieldOf(() => resolveSeq2SeqConfig({ ...vocab, attentionSize: 0 }))).to.equal('attentionSize');
    expect(fieldOf(() => resolveSeq2SeqConfig({ ...vocab, bridgeSize: -1 }))).to.equal('bridgeSize');
    expect(resolveSeq2SeqConfig({ ...vocab, bridgeSize: 0 }).bridgeSize).to.equal(0);
    expect(fieldOf(() => resolveSeq2SeqConfig({ ...vocab, decoderLayers: L.layers + 1 }))).to.equal('decoderLayers');
    expect(fieldOf(() => resolveSeq2SeqConfig({ ...vocab, encoderLayers: 1.5 }))).to.equal('encoderLayers');
  });

  it('a vocabulary × width matrix over 2^28 weights is refused, naming the vocabulary', () => {
    const ok = resolveSeq2SeqConfig({ sourceVocab: 2 ** 16, targetVocab: 100, hiddenSize: 4096 });
    expect(ok.sourceVocab).to.equal(2 ** 16); // 2^16 × 4096 = 2^28: the limit itself
    expect(
      fieldOf(() => resolveSeq2SeqConfig({ sourceVocab: 100, targetVocab: 2 ** 16 + 1, hiddenSize: 4096 })),
    ).to.equal('targetVocab');
  });

  it('language model: the same limits', () => {
    expect(fieldOf(() => resolveLmConfig({ vocab: 100, layers: 17 }))).to.equal('layers');
    expect(fieldOf(() => resolveLmConfig({ vocab: 100, hiddenSize: 5000 }))).to.equal('hiddenSize');
    expect(fieldOf(() => resolveLmConfig({ vocab: 2 ** 20, embeddingSize: 512 }))).to.equal('vocab');
  });

  it('s2s train and s2s lm train refuse an oversized shape by its flag before reading the data', async () => {
    // the data file does not exist: a shape error proves the flags were checked first
    const r = await s2s([
      'train',
      '--train',
      'missing.tsv',
      '--src-column',
      'a',
      '--tgt-column',
      'b',
      '--tokenizer',
      'words',
      '--out',
      'unused-dir',
      '--embedding-size',
      '100000',
    ]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/--embedding-size must be an integer from 1 to 4,096 .*got 100000/);
    const lm = await s2s(['lm', 'train', '--train', 'missing.txt', '--out', 'unused-dir', '--layers', '99']);
    expect(lm.code).to.equal(2);
    expect(lm.stderr).to.match(/--layers must be an integer from 1 to 16, got 99/);
  });
});
