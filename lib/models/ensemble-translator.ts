/**
 * A `BatchTranslator` over an ensemble of translation models (formula in lib/decode/ensemble-step-model.ts): every
 * member encodes the batch, one search (greedy, sampling or beam, with step processors and optional LM fusion or
 * rescoring) runs over the combined step model, then the members' encoder states are freed. The members may be tfjs
 * `Seq2Seq` models or ONNX Runtime `OrtSeq2Seq` models (anything that encodes to a state its step model reads).
 */
import type { BatchTranslator, Hypothesis } from '../decode/hypothesis.js';
import { decode } from '../decode/decode.js';
import { resolveDecodeOptions, type DecodeOptions } from '../decode/options.js';
import type { FusionLm } from '../decode/processors/lm-fusion.js';
import { ensembleStepModel, type EnsembleState } from '../decode/ensemble-step-model.js';
import type { StepModel } from '../decode/step-model.js';
import { interruptibleStepModel } from './interruptible-step-model.js';
import { ClosedError, invalidField } from '../errors.js';

/** What a member must do: encode B sources into B rows of decoder state, and step that state (`Seq2Seq`, `OrtSeq2Seq`). */
export interface EncoderDecoder<S = unknown> {
  encode(sources: readonly (readonly number[])[]): S | Promise<S>;
  stepModel(): StepModel<S>;
}

export interface EnsembleTranslatorMember {
  model: EncoderDecoder;
  /** Relative weight (> 0); normalised over the members. */
  weight: number;
}

/** A target-side language model of either engine, for `lmWeight` > 0 (`LanguageModel`, `OrtLanguageModel`). */
export interface FusionLanguageModel<L = unknown> {
  stepModel(): StepModel<L>;
  zeroState(rows: number): L;
}

export class EnsembleTranslator implements BatchTranslator {
  private readonly stepModel: StepModel<EnsembleState>;
  private readonly fusion?: FusionLm<unknown>;
  /** The decoding options, validated once here and used for every batch. */
  readonly options: DecodeOptions;
  #closed = false;

  /**
   * @param options missing fields take the decoder's `DEFAULTS`
   * @param lm target-side language model for `lmWeight` > 0 (same vocabulary as the target side)
   * @param release frees what the translator owns (the members' weights or sessions, the LM), called by `dispose()`
   * @throws ModelMismatchError E_MISMATCH_VOCAB when the members' target vocabularies differ; OptionError
   *   (`details.field`: `weights` or a decode option)
   * @example
   * const translator = new EnsembleTranslator([{ model: a, weight: 0.6 }, { model: b, weight: 0.4 }], { beamSize: 5 });
   * const nBest = await translator.translateBatch([[5, 9, 12]]);
   */
  constructor(
    readonly members: readonly EnsembleTranslatorMember[],
    options: Partial<DecodeOptions> = {},
    lm?: FusionLanguageModel,
    private readonly release?: () => unknown,
  ) {
    this.options = resolveDecodeOptions(options);
    if (this.options.lmWeight > 0 && !lm)
      throw invalidField('decode option', 'lmWeight', '0 when no language model is given', this.options.lmWeight);
    this.stepModel = ensembleStepModel(members.map((m) => ({ model: m.model.stepModel(), weight: m.weight })));
    if (lm) this.fusion = { model: lm.stepModel(), initialState: (rows) => lm.zeroState(rows) };
  }

  /** @throws ClosedError E_CLOSED after `dispose()` */
  async translateBatch(sources: readonly (readonly number[])[]): Promise<Hypothesis[][]> {
    if (this.#closed)
      throw new ClosedError(
        'EnsembleTranslator: translateBatch() called after close()/dispose(): the models are freed; open them again',
        { method: 'translateBatch' },
      );
    if (sources.length === 0) return [];
    const states: unknown[] = [];
    try {
      for (const m of this.members) states.push(await m.model.encode(sources));
      // attention spans the source tokens and the appended EOS
      // the event loop runs between steps (Ctrl-C is handled mid-batch); close() stops the batch at its next step
      const stepModel = interruptibleStepModel(this.stepModel, () => this.#closed);
      return await decode(stepModel, states, sources.length, this.options, {
        sourceLengths: sources.map((s) => s.length + 1),
        ...(this.fusion ? { lm: this.fusion } : {}),
      });
    } finally {
      this.stepModel.disposeState(states); // one state per member that encoded
    }
  }

  /** Frees what the translator owns (the `release` given to the constructor); twice is harmless. */
  async dispose(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.release?.();
  }
}
