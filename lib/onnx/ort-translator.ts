/**
 * A `BatchTranslator` on ONNX Runtime: encode the batch with the encoder graph, then the configured search over the
 * decoder-step graph — the same `decode` (lib/decode) as `Seq2SeqTranslator`, with an optional language model (either
 * engine's) for shallow fusion or rescoring.
 */
import type { BatchTranslator, Hypothesis } from '../decode/hypothesis.js';
import { decode } from '../decode/decode.js';
import { resolveDecodeOptions, type DecodeOptions } from '../decode/options.js';
import type { FusionLm } from '../decode/processors/lm-fusion.js';
import type { OrtSeq2Seq } from './ort-seq2seq.js';
import type { OrtLanguageModel, OrtLmState } from './ort-language-model.js';

export class OrtTranslator implements BatchTranslator {
  private readonly fusion?: FusionLm<OrtLmState>;

  /** The decoding options, validated once here and used for every batch. */
  readonly options: DecodeOptions;

  constructor(
    readonly model: OrtSeq2Seq,
    options: Partial<DecodeOptions> = {},
    private readonly lm?: OrtLanguageModel,
  ) {
    this.options = resolveDecodeOptions(options);
    if (lm) this.fusion = { model: lm.stepModel(), initialState: (rows) => lm.zeroState(rows) };
  }

  async translateBatch(sources: readonly (readonly number[])[]): Promise<Hypothesis[][]> {
    if (sources.length === 0) return [];
    const state = await this.model.encode(sources);
    // attention spans the source tokens and the appended EOS
    return decode(this.model.stepModel(), state, sources.length, this.options, {
      sourceLengths: sources.map((s) => s.length + 1),
      ...(this.fusion ? { lm: this.fusion } : {}),
    });
  }

  /** Closes the sessions (of the LM too). */
  async dispose(): Promise<void> {
    await Promise.all([this.model.release(), this.lm?.release()]);
  }
}
