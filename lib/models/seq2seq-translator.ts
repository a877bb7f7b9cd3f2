/**
 * A `BatchTranslator` over a `Seq2Seq` model: encode the batch once, run the configured search (greedy, sampling or
 * beam, with step processors and optional LM fusion/rescoring) over the decoder's `StepModel`, free the encoder state.
 */
import type { BatchTranslator, Hypothesis } from '../decode/hypothesis.js';
import { decode } from '../decode/decode.js';
import { resolveDecodeOptions, type DecodeOptions } from '../decode/options.js';
import { invalidField } from '../errors.js';
import type { FusionLm } from '../decode/processors/lm-fusion.js';
import { disposeDecoderState, type Seq2Seq } from './seq2seq.js';
import type { LanguageModel, LmState } from './language-model.js';
import { ClosedError } from '../errors.js';
import { interruptibleStepModel } from './interruptible-step-model.js';

export class Seq2SeqTranslator implements BatchTranslator {
  private readonly fusion?: FusionLm<LmState>;
  /** The decoding options, validated once here and used for every batch. */
  readonly options: DecodeOptions;
  /** Set by dispose(): the weights are gone. */
  #closed = false;

  /**
   * @param options missing fields take the decoder's `DEFAULTS`
   * @param lm target-side language model for `lmWeight` > 0 (same vocabulary as the target side)
   * @throws OptionError (`details.field`) for invalid options
   * @example
   * const translator = new Seq2SeqTranslator(model, { beamSize: 5, nBest: 2 });
   * const nBest = await translator.translateBatch([[5, 9, 12]]); // token ids in, n-best hypotheses out
   */
  constructor(
    readonly model: Seq2Seq,
    options: Partial<DecodeOptions> = {},
    lm?: LanguageModel,
  ) {
    this.options = resolveDecodeOptions(options);
    if (this.options.lmWeight > 0 && !lm)
      throw invalidField('decode option', 'lmWeight', '0 when no language model is given', this.options.lmWeight);
    if (lm) this.fusion = { model: lm.stepModel(), initialState: (rows) => lm.zeroState(rows) };
  }

  /** @throws ClosedError E_CLOSED after `dispose()` */
  async translateBatch(sources: readonly (readonly number[])[]): Promise<Hypothesis[][]> {
    if (this.#closed)
      throw new ClosedError(
        'Seq2SeqTranslator: translateBatch() called after close()/dispose(): the model weights are freed; open the model again',
        { method: 'translateBatch' },
      );
    if (sources.length === 0) return [];
    const state = this.model.encode(sources);
    try {
      // attention spans the source tokens and the appended EOS
      // the event loop runs between steps (Ctrl-C is handled mid-batch); close() stops the batch at its next step
      const stepModel = interruptibleStepModel(this.model.stepModel(), () => this.#closed);
      return await decode(stepModel, state, sources.length, this.options, {
        sourceLengths: sources.map((s) => s.length + 1),
        lm: this.fusion,
      });
    } finally {
      disposeDecoderState(state);
    }
  }

  /** Frees the model's weights: call it only when the translator owns the model (as `openTranslator`'s does). */
  dispose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.model.dispose();
  }
}
