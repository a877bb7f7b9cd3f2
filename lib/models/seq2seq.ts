/**
 * The encoder–decoder translation model: `Encoder` + `Decoder` over one `ParamStore`.
 *
 * Conventions: the source gets EOS appended (`x_1 … x_n EOS`); the decoder reads `BOS y_1 … y_m` and is trained to
 * emit `y_1 … y_m EOS`. `loss` unrolls the decoder's `core` step over the target (teacher forcing) and projects all
 * T steps' features with one matmul; `stepModel` exposes the same `core` step to the decoding strategies.
 *
 * @example
 * const model = new Seq2Seq({ sourceVocab: 4000, targetVocab: 4000 }); // SEQ2SEQ_DEFAULTS for everything else
 * const { loss, tokens } = model.loss([[5, 6, 7]], [[8, 9]]); // mean cross-entropy per target token
 * const nBest = await new Seq2SeqTranslator(model, { beamSize: 5 }).translateBatch([[5, 6, 7]]);
 */
import * as tf from '@tensorflow/tfjs-core';
import { ParamStore } from '../nn/params.js';
import { Encoder } from './encoder.js';
import { Decoder, type DecoderState } from './decoder.js';
import { resolveSeq2SeqConfig, type Seq2SeqConfig } from './seq2seq-config.js';
import { maskedCrossEntropy, type BatchLoss } from './loss.js';
import { AccumulatedReads } from '../nn/accumulated-reads.js';
import type { RecurrenceMode } from '../nn/fused/run-sequence.js';
import { padIds } from './padded-batch.js';
import { BOS_ID, EOS_ID } from '../text/special-ids.js';
import type { SyncStepModel, StepOutput } from '../decode/step-model.js';
import type { Rng } from '../util/random.js';
import { tidy } from '../nn/tidy.js';

export class Seq2Seq {
  readonly config: Seq2SeqConfig;
  readonly params: ParamStore;
  readonly encoder: Encoder;
  readonly decoder: Decoder;

  /** @param seed fixes the initial weights */
  constructor(config: Partial<Seq2SeqConfig> & Pick<Seq2SeqConfig, 'sourceVocab' | 'targetVocab'>, seed = 1) {
    this.config = resolveSeq2SeqConfig(config);
    this.params = new ParamStore(seed);
    this.encoder = new Encoder('encoder', this.params, this.config);
    this.decoder = new Decoder('decoder', this.params, this.config, this.encoder.outputSize);
  }

  /**
   * Teacher-forced loss of a batch: mean (label-smoothed) cross-entropy per real target token, EOS included.
   * @param sources source ids per sentence (no EOS)
   * @param targets target ids per sentence (no BOS/EOS)
   * @param rng when given, variational dropout is on (training) and its masks are drawn from it
   * @param recurrence how the encoder runs its cells: 'fused' for training under a gradient tape (faster, same
   *   function), 'stepwise' (default) otherwise; see nn/fused/run-sequence.ts
   */
  loss(
    sources: readonly (readonly number[])[],
    targets: readonly (readonly number[])[],
    rng?: Rng,
    recurrence: RecurrenceMode = 'stepwise',
  ): BatchLoss {
    const tokens = targets.reduce((n, t) => n + t.length + 1, 0);
    const loss = tf.tidy(() => {
      const batch = sources.length;
      const encoderMasks = rng && this.config.dropout > 0 ? this.encoder.dropoutMasks(rng, batch) : undefined;
      const decoderMasks = rng && this.config.dropout > 0 ? this.decoder.dropoutMasks(rng, batch) : undefined;
      let state = this.encodeWith(sources, { masks: encoderMasks, recurrence });
      const input = padIds(targets.map((t) => [BOS_ID, ...t])); // [B, T]
      const output = padIds(targets.map((t) => [...t, EOS_ID])); // [B, T]
      const steps = input.ids.shape[1];
      const embedded = tf.unstack(this.decoder.embedding.lookup(input.ids), 1) as tf.Tensor2D[]; // T × [B, E]
      const features: tf.Tensor2D[] = [];
      const reads = new AccumulatedReads(this.decoder.stepOperands(state)); // before the loop's first step
      for (let t = 0; t < steps; t++) {
        const out = this.decoder.core(state, embedded[t]!, { masks: decoderMasks, reads });
        features.push(out.features);
        state = out.state;
      }
      const all = tf.stack(features, 1).reshape([batch * steps, this.decoder.featureSize]) as tf.Tensor2D; // T × [B, F] → [B·T, F]
      const logits = this.decoder.logits(all); // [B·T, V]
      const result = maskedCrossEntropy(
        logits,
        output.ids.reshape([-1]) as tf.Tensor1D,
        output.validMask.reshape([-1]) as tf.Tensor1D,
        rng ? this.config.labelSmoothing : 0,
      );
      return result; // tidy disposes the dropout masks with every other intermediate
    });
    return { loss, tokens };
  }

  /** Encodes a batch of sources (EOS appended) into the decoder's initial state, one row per sentence. */
  encode(sources: readonly (readonly number[])[]): DecoderState {
    return this.encodeWith(sources, {});
  }

  private encodeWith(sources: readonly (readonly number[])[], options: Parameters<Encoder['encode']>[2]): DecoderState {
    return tidy(() => {
      const padded = padIds(sources.map((s) => [...s, EOS_ID])); // [B, S]
      return this.decoder.initialState(this.encoder.encode(padded.ids, padded.validMask, options));
    });
  }

  /** The decoder as a `StepModel` for greedy, sampling and beam search (log-probabilities out). */
  stepModel(): SyncStepModel<DecoderState> {
    return {
      vocabSize: this.config.targetVocab,
      step: (state, tokens): StepOutput<DecoderState> =>
        tidy(() => {
          const {
            features,
            state: next,
            weights,
          } = this.decoder.core(state, this.decoder.embedding.lookup(tokens) as tf.Tensor2D); // [N] → [N, E] → [N, F]
          const logProbs = tf.logSoftmax(this.decoder.logits(features)) as tf.Tensor2D; // [N, V]
          // memory/keys/mask are shared with the input state: clones (no data copy) give the new state its own handles.
          const own: DecoderState = {
            layers: next.layers,
            memory: next.memory.clone(),
            keys: next.keys?.clone(),
            sourceMask: next.sourceMask.clone(),
            sources: next.sources,
          };
          return weights ? { logProbs, state: own, attention: weights } : { logProbs, state: own };
        }),
      select: (state, rows) => {
        const sources = Array.from(rows.dataSync(), (r) => state.sources[r]!);
        // memory, keys and mask ([N, S, ·]: the bulk of the state) move only when rows change sentence, e.g. when
        // finished sentences leave the batch; a reordering among one sentence's beams keeps them (clones share data)
        const same = sources.length === state.sources.length && sources.every((s, r) => s === state.sources[r]);
        const carry = <T extends tf.Tensor>(x: T): T => (same ? x.clone() : tf.gather(x, rows));
        return tidy(() => ({
          layers: state.layers.map((s) =>
            s.c ? { h: tf.gather(s.h, rows), c: tf.gather(s.c, rows) } : { h: tf.gather(s.h, rows) },
          ),
          memory: carry(state.memory),
          keys: state.keys ? carry(state.keys) : undefined,
          sourceMask: carry(state.sourceMask),
          sources,
        }));
      },
      disposeState: (state) => disposeDecoderState(state),
    };
  }

  dispose(): void {
    this.params.dispose();
  }
}

export function disposeDecoderState(state: DecoderState): void {
  tf.dispose([
    ...state.layers.flatMap((s) => (s.c ? [s.h, s.c] : [s.h])),
    state.memory,
    state.sourceMask,
    ...(state.keys ? [state.keys] : []),
  ]);
}
