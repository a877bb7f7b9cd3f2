/**
 * The benchmark's inference workloads on the onnx engine (lib/onnx): the reference model's graphs exported in
 * memory and run by ONNX Runtime, with the same shared decoding code and the same inputs as workloads.ts.
 */
import { OrtSeq2Seq } from '../../lib/onnx/ort-seq2seq.js';
import { OrtLanguageModel } from '../../lib/onnx/ort-language-model.js';
import { storeToWeights } from '../../lib/models/model-checkpoint.js';
import { resolveDecodeOptions } from '../../lib/decode/options.js';
import { decode } from '../../lib/decode/decode.js';
import { Rng } from '../../lib/util/random.js';
import { REF } from './flops.js';
import { randomIds, referenceLm, referenceSeq2Seq } from './workloads.js';
import { timeMedian, type Timing } from './timing.js';

/** The reference translation model and LM on ONNX Runtime (weights from the same seeds as the tfjs ones). */
export async function referenceOnnx(): Promise<{ model: OrtSeq2Seq; lm: OrtLanguageModel }> {
  const seq2seq = referenceSeq2Seq();
  const lmModel = referenceLm();
  try {
    return {
      model: await OrtSeq2Seq.fromWeights(seq2seq.config, storeToWeights(seq2seq.params)),
      lm: await OrtLanguageModel.fromWeights(lmModel.config, storeToWeights(lmModel.params)),
    };
  } finally {
    seq2seq.dispose();
    lmModel.dispose();
  }
}

/** Encode + exactly T decoding steps (as `timeDecode`). */
export async function timeOnnxDecode(
  model: OrtSeq2Seq,
  batch: number,
  beamSize: number,
  reps: number,
  warmup = 1,
): Promise<Timing> {
  const sources = randomIds(new Rng(batch * 7 + beamSize), batch, REF.S - 1);
  const stepModel = model.stepModel();
  return timeMedian(
    async () =>
      decode(
        stepModel,
        await model.encode(sources),
        batch,
        resolveDecodeOptions({ beamSize, minLength: REF.T - 1, maxLength: REF.T - 1, maxLengthRatio: 0 }),
      ),
    reps,
    warmup,
  );
}

/** LM scoring of `batch` sentences (as `timeLmScoring`). */
export async function timeOnnxLmScoring(
  lm: OrtLanguageModel,
  batch: number,
  steps: number,
  reps: number,
  warmup = 1,
): Promise<Timing> {
  const sentences = randomIds(new Rng(3), batch, steps - 1);
  return timeMedian(() => lm.scoreSentences(sentences), reps, warmup);
}

/** ONNX Runtime's own n×n float32 MatMul rate, GFLOP/s (median of `reps`). */
export async function measureOrtGemm(n: number, reps: number): Promise<number> {
  const { GraphBuilder } = await import('../../lib/onnx/graph-builder.js');
  const { DataType } = await import('../../lib/onnx/onnx-proto.js');
  const { createSession, loadOrt } = await import('../../lib/onnx/ort-runtime.js');
  const g = new GraphBuilder('gemm');
  g.output(
    'c',
    g.op('MatMul', [g.input('a', DataType.FLOAT, [n, n]), g.input('b', DataType.FLOAT, [n, n])]),
    DataType.FLOAT,
    [n, n],
  );
  const ort = await loadOrt();
  const session = await createSession(ort, g.build());
  const rng = new Rng(5);
  const a = new ort.Tensor(
    'float32',
    Float32Array.from({ length: n * n }, () => rng.next() - 0.5),
    [n, n],
  );
  try {
    const timing = await timeMedian(() => session.run({ a, b: a }), reps, 1);
    return (2 * n ** 3) / timing.median / 1e9;
  } finally {
    await session.release();
  }
}
