/**
 * A language model on ONNX Runtime (graphs from export-lm.ts): a `StepModel` for fusion, rescoring and sampling
 * (reading BOS as EOS, as the tfjs model does; with host outputs, `stepHost`, for the decoding code's host path),
 * and whole-sentence scoring in one run of the score graph.
 * Shapes: N rows, H hidden, V vocabulary, B sentences, T positions.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StoredTensor } from '../io/index.js';
import type { HostStepOutput, StepModel, StepOutput } from '../decode/step-model.js';
import { scoreSequences } from '../decode/score.js';
import { resolveLmConfig, type LanguageModelConfig } from '../models/lm-config.js';
import { BOS_ID, EOS_ID, PAD_ID } from '../text/special-ids.js';
import { exportLanguageModel } from './export-lm.js';
import { stateNames } from './export-seq2seq.js';
import { createSession, loadOrt, type OrtModule, type OrtSession, type OrtTensor } from './ort-runtime.js';
import { floats, gatherRows, type HostCellState } from './host-rows.js';

/** One state per layer, h (and c) [N, H] each. */
export interface OrtLmState {
  layers: HostCellState[];
}

export class OrtLanguageModel {
  private constructor(
    readonly config: LanguageModelConfig,
    private readonly ort: OrtModule,
    private readonly step: OrtSession,
    private readonly score?: OrtSession,
  ) {}

  static async fromWeights(partial: LanguageModelConfig, weights: readonly StoredTensor[]): Promise<OrtLanguageModel> {
    const config = resolveLmConfig(partial);
    const graphs = exportLanguageModel(config, weights);
    const ort = await loadOrt();
    const step = await createSession(ort, graphs.step);
    return new OrtLanguageModel(config, ort, step, graphs.score ? await createSession(ort, graphs.score) : undefined);
  }

  zeroState(rows: number): OrtLmState {
    const size = rows * this.config.hiddenSize;
    return {
      layers: Array.from({ length: this.config.layers }, () =>
        this.config.cell === 'lstm'
          ? { h: new Float32Array(size), c: new Float32Array(size) }
          : { h: new Float32Array(size) },
      ),
    };
  }

  /** `Σ_t log p(w_t | EOS w_<t)` over each sentence and its final EOS, as `LanguageModel.scoreSentences`. */
  async scoreSentences(sentences: readonly (readonly number[])[]): Promise<Array<{ logProb: number; tokens: number }>> {
    if (sentences.length === 0) return [];
    if (!this.score) {
      const state = this.zeroState(sentences.length);
      const logProbs = await scoreSequences(this.stepModel(), state, sentences);
      return sentences.map((s, b) => ({ logProb: logProbs[b]!, tokens: s.length + 1 }));
    }
    const batch = sentences.length;
    const steps = Math.max(...sentences.map((s) => s.length)) + 1;
    const inputs = new Int32Array(batch * steps).fill(PAD_ID);
    const targets = new Int32Array(batch * steps).fill(PAD_ID);
    sentences.forEach((s, b) => {
      inputs.set([EOS_ID, ...s], b * steps);
      targets.set([...s, EOS_ID], b * steps);
    });
    const { ort } = this;
    const out = await this.score.run({
      input_ids: new ort.Tensor('int32', inputs, [batch, steps]),
      target_ids: new ort.Tensor('int32', targets, [batch, steps]),
      lengths: new ort.Tensor(
        'int32',
        Int32Array.from(sentences, (s) => s.length + 1),
        [batch],
      ),
    });
    const perToken = floats(out['token_log_probs']!); // [B, T]
    return sentences.map((s, b) => {
      let logProb = 0;
      for (let t = 0; t < steps; t++) logProb += perToken[b * steps + t]!;
      return { logProb, tokens: s.length + 1 };
    });
  }

  stepModel(): StepModel<OrtLmState> {
    const { config, ort } = this;
    const H = config.hiddenSize;
    const model: StepModel<OrtLmState> = {
      vocabSize: config.vocab,
      stepHost: async (state, tokens): Promise<HostStepOutput<OrtLmState>> => {
        const n = tokens.shape[0];
        const ids = Int32Array.from(tokens.dataSync(), (t) => (t === BOS_ID ? EOS_ID : t)); // BOS is read as EOS
        const feeds: Record<string, OrtTensor> = { tokens: new ort.Tensor('int32', ids, [n]) };
        state.layers.forEach((s, l) => {
          feeds[stateNames(l).h] = new ort.Tensor('float32', s.h, [n, H]);
          if (s.c) feeds[stateNames(l).c] = new ort.Tensor('float32', s.c, [n, H]);
        });
        const out = await this.step.run(feeds);
        const layers = state.layers.map((s, l): HostCellState =>
          s.c
            ? { h: floats(out[`${stateNames(l).h}_next`]!), c: floats(out[`${stateNames(l).c}_next`]!) }
            : { h: floats(out[`${stateNames(l).h}_next`]!) },
        );
        return { logProbs: floats(out['log_probs']!), state: { layers } };
      },
      step: async (state, tokens): Promise<StepOutput<OrtLmState>> => {
        const out = await model.stepHost!(state, tokens);
        return { logProbs: tf.tensor2d(out.logProbs, [tokens.shape[0], config.vocab]), state: out.state };
      },
      select: (state, rows) => {
        const picked = Array.from(rows.dataSync());
        return {
          layers: state.layers.map((s) =>
            s.c ? { h: gatherRows(s.h, H, picked), c: gatherRows(s.c, H, picked) } : { h: gatherRows(s.h, H, picked) },
          ),
        };
      },
      disposeState: () => undefined,
    };
    return model;
  }

  async release(): Promise<void> {
    await Promise.all([this.step.release(), this.score?.release()]);
  }
}
