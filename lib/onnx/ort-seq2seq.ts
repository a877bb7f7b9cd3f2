/**
 * A translation model on ONNX Runtime: the exported encoder and decoder-step graphs (export-seq2seq.ts) behind the
 * same `StepModel` seam as the tfjs model, so greedy, sampling, beam search, the step processors, LM fusion and
 * rescoring, and alignments are the shared decoding code (lib/decode) with a second engine under it.
 *
 * The decoding state lives on the host as row-major Float32Arrays (ONNX Runtime's CPU tensors wrap them without a
 * copy). The step model offers its outputs as host arrays (`stepHost`), so the search chooses on the host without
 * tfjs (lib/decode/host-scores.ts); through `step`, each step's log-probabilities become one tfjs tensor.
 * Shapes: B sentences, N rows, S source length, C memory width, A attention width, H hidden, V target vocabulary.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StoredTensor } from '../io/index.js';
import type { HostStepOutput, StepModel, StepOutput } from '../decode/step-model.js';
import { resolveSeq2SeqConfig, type Seq2SeqConfig } from '../models/seq2seq-config.js';
import { EOS_ID, PAD_ID } from '../text/special-ids.js';
import { exportSeq2Seq, stateNames } from './export-seq2seq.js';
import { createSession, loadOrt, type OrtModule, type OrtSession, type OrtTensor } from './ort-runtime.js';
import { floats, gatherRows, type HostCellState } from './host-rows.js';

/** The decoder state of N rows, on the host. */
export interface OrtDecoderState {
  /** One state per decoder layer: h (and c) [N, H] each. */
  layers: HostCellState[];
  /** Attention only: memory [N, S, C], keys [N, S, A], source mask [N, S]. */
  memory?: Float32Array;
  keys?: Float32Array;
  sourceMask?: Float32Array;
  /** S */
  sourceSteps: number;
  /** Row r reads the memory of sentence `sources[r]` (see `DecoderState.sources`). */
  sources: readonly number[];
}

export class OrtSeq2Seq {
  private constructor(
    readonly config: Seq2SeqConfig,
    private readonly ort: OrtModule,
    private readonly encoder: OrtSession,
    private readonly step: OrtSession,
  ) {}

  /** Exports the model's graphs in memory and opens a session for each. */
  static async fromWeights(partial: Seq2SeqConfig, weights: readonly StoredTensor[]): Promise<OrtSeq2Seq> {
    const config = resolveSeq2SeqConfig(partial);
    const graphs = exportSeq2Seq(config, weights);
    const ort = await loadOrt();
    const encoder = await createSession(ort, graphs.encoder);
    try {
      return new OrtSeq2Seq(config, ort, encoder, await createSession(ort, graphs.step));
    } catch (err) {
      await encoder.release();
      throw err;
    }
  }

  /** Encodes sources (EOS appended, right-padded) into the decoder's initial state, one row per sentence. */
  async encode(sources: readonly (readonly number[])[]): Promise<OrtDecoderState> {
    const batch = sources.length;
    const steps = Math.max(...sources.map((s) => s.length)) + 1;
    const ids = new Int32Array(batch * steps).fill(PAD_ID);
    sources.forEach((s, b) => {
      ids.set(s, b * steps);
      ids[b * steps + s.length] = EOS_ID;
    });
    const lengths = Int32Array.from(sources, (s) => s.length + 1);
    const out = await this.encoder.run({
      source_ids: new this.ort.Tensor('int32', ids, [batch, steps]),
      source_lengths: new this.ort.Tensor('int32', lengths, [batch]),
    });
    const H = this.config.hiddenSize;
    const layers = Array.from({ length: this.config.decoderLayers }, (_, l): HostCellState => {
      const h =
        this.config.decoderInit === 'mean-projection' ? floats(out[`init_h_${l}`]!) : new Float32Array(batch * H);
      return this.config.cell === 'lstm' ? { h, c: new Float32Array(batch * H) } : { h };
    });
    const state: OrtDecoderState = { layers, sourceSteps: steps, sources: Array.from({ length: batch }, (_, b) => b) };
    if (this.config.attention) {
      state.memory = floats(out['memory']!);
      state.keys = floats(out['keys']!);
      state.sourceMask = floats(out['source_mask']!);
    }
    return state;
  }

  /** The decoder step as a `StepModel` (log-probabilities out; attention weights with attention). */
  stepModel(): StepModel<OrtDecoderState> {
    const { config, ort } = this;
    const H = config.hiddenSize;
    const model: StepModel<OrtDecoderState> = {
      vocabSize: config.targetVocab,
      stepHost: async (state, tokens): Promise<HostStepOutput<OrtDecoderState>> => {
        const n = tokens.shape[0];
        const S = state.sourceSteps;
        const feeds: Record<string, OrtTensor> = {
          tokens: new ort.Tensor('int32', tokens.dataSync() as Int32Array, [n]),
        };
        state.layers.forEach((s, l) => {
          feeds[stateNames(l).h] = new ort.Tensor('float32', s.h, [n, H]);
          if (s.c) feeds[stateNames(l).c] = new ort.Tensor('float32', s.c, [n, H]);
        });
        if (config.attention) {
          feeds['memory'] = new ort.Tensor('float32', state.memory!, [n, S, H]);
          feeds['keys'] = new ort.Tensor('float32', state.keys!, [n, S, config.attentionSize]);
          feeds['source_mask'] = new ort.Tensor('float32', state.sourceMask!, [n, S]);
        }
        const out = await this.step.run(feeds);
        const layers = state.layers.map((s, l): HostCellState =>
          s.c
            ? { h: floats(out[`${stateNames(l).h}_next`]!), c: floats(out[`${stateNames(l).c}_next`]!) }
            : { h: floats(out[`${stateNames(l).h}_next`]!) },
        );
        const next: OrtDecoderState = { ...state, layers };
        const logProbs = floats(out['log_probs']!);
        return config.attention
          ? { logProbs, state: next, attention: { data: floats(out['attention']!), width: S } }
          : { logProbs, state: next };
      },
      step: async (state, tokens): Promise<StepOutput<OrtDecoderState>> => {
        const n = tokens.shape[0];
        const out = await model.stepHost!(state, tokens);
        const logProbs = tf.tensor2d(out.logProbs, [n, config.targetVocab]);
        return out.attention
          ? { logProbs, state: out.state, attention: tf.tensor2d(out.attention.data, [n, out.attention.width]) }
          : { logProbs, state: out.state };
      },
      select: (state, rows) => {
        const picked = Array.from(rows.dataSync());
        const sources = picked.map((r) => state.sources[r]!);
        // memory, keys and mask move only when rows change sentence (as the tfjs model does)
        const same = sources.length === state.sources.length && sources.every((s, r) => s === state.sources[r]);
        const S = state.sourceSteps;
        const carry = (data: Float32Array | undefined, width: number): Float32Array | undefined =>
          data && !same ? gatherRows(data, width, picked) : data;
        return {
          layers: state.layers.map((s) =>
            s.c ? { h: gatherRows(s.h, H, picked), c: gatherRows(s.c, H, picked) } : { h: gatherRows(s.h, H, picked) },
          ),
          memory: carry(state.memory, S * H),
          keys: carry(state.keys, S * config.attentionSize),
          sourceMask: carry(state.sourceMask, S),
          sourceSteps: S,
          sources,
        };
      },
      disposeState: () => undefined, // host arrays: the garbage collector frees them
    };
    return model;
  }

  /** Closes both sessions. */
  async release(): Promise<void> {
    await Promise.all([this.encoder.release(), this.step.release()]);
  }
}
