/**
 * The benchmark's workloads on OUR code, with the reference model's shapes (see `flops.ts` and
 * `../shared/bench/README.md`): greedy and beam decoding through the decode library, one training step
 * (forward + backward + Adam) and LM scoring. Sources are 29 random ids + EOS (S = 30); decoding runs exactly
 * T = 30 steps (min = max length 29, then the forced EOS); training targets are 29 ids, read as BOS + 29 (T = 30).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Seq2Seq, disposeDecoderState } from '../../lib/models/seq2seq.js';
import { LanguageModel } from '../../lib/models/language-model.js';
import { decode } from '../../lib/decode/decode.js';
import { resolveDecodeOptions } from '../../lib/decode/options.js';
import { NUM_SPECIAL_IDS } from '../../lib/text/special-ids.js';
import { Rng } from '../../lib/util/random.js';
import { REF } from './flops.js';
import { timeMedian, type Timing } from './timing.js';

export function referenceSeq2Seq(): Seq2Seq {
  return new Seq2Seq({
    cell: 'lstm',
    sourceVocab: REF.V,
    targetVocab: REF.V,
    embeddingSize: REF.E,
    hiddenSize: REF.C,
    encoderLayers: 1,
    decoderLayers: 2,
    bidirectional: true,
    attention: true,
    attentionSize: REF.A,
    dropout: 0,
    outputContext: false,
    bridgeSize: 0,
    decoderInit: 'zeros',
    labelSmoothing: 0,
  });
}

export function referenceLm(): LanguageModel {
  return new LanguageModel({ vocab: REF.V, embeddingSize: REF.E, hiddenSize: REF.H, layers: 2, dropout: 0 });
}

/** `rows` sentences of `length` random ordinary ids. */
export function randomIds(rng: Rng, rows: number, length: number): number[][] {
  return Array.from({ length: rows }, () =>
    Array.from({ length }, () => NUM_SPECIAL_IDS + Math.floor(rng.next() * (REF.V - NUM_SPECIAL_IDS))),
  );
}

/** Encode + exactly T decoding steps with greedy (beam 1) or beam search; returns the timing of one batch. */
export async function timeDecode(
  model: Seq2Seq,
  batch: number,
  beamSize: number,
  reps: number,
  warmup = 1,
): Promise<Timing> {
  const sources = randomIds(new Rng(batch * 7 + beamSize), batch, REF.S - 1);
  const stepModel = model.stepModel();
  const run = async (): Promise<void> => {
    const state = model.encode(sources);
    try {
      await decode(
        stepModel,
        state,
        batch,
        resolveDecodeOptions({ beamSize, minLength: REF.T - 1, maxLength: REF.T - 1, maxLengthRatio: 0 }),
      );
    } finally {
      disposeDecoderState(state);
    }
  };
  return timeMedian(run, reps, warmup);
}

/** One optimizer step: `tf.variableGrads` of the teacher-forced loss, then Adam (as the trainer does, unclipped). */
export async function timeTrainStep(model: Seq2Seq, batch: number, reps: number, warmup = 1): Promise<Timing> {
  const rng = new Rng(batch);
  const sources = randomIds(rng, batch, REF.S - 1);
  const targets = randomIds(rng, batch, REF.T - 1);
  const variables = [...model.params.variables.values()];
  const adam = tf.train.adam(1e-3);
  try {
    const run = async (): Promise<void> => {
      const { value, grads } = tf.variableGrads(() => model.loss(sources, targets).loss, variables);
      adam.applyGradients(grads as tf.NamedTensorMap & Record<string, tf.Variable>);
      await value.data();
      tf.dispose([value, ...Object.values(grads)]);
    };
    return await timeMedian(run, reps, warmup);
  } finally {
    adam.dispose();
  }
}

/** LM scoring of `batch` sentences of `steps − 1` ids (BOS + ids: `steps` positions each). */
export async function timeLmScoring(
  lm: LanguageModel,
  batch: number,
  steps: number,
  reps: number,
  warmup = 1,
): Promise<Timing> {
  const sentences = randomIds(new Rng(3), batch, steps - 1);
  return timeMedian(() => lm.scoreSentences(sentences), reps, warmup);
}
