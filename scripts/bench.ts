/**
 * `npm run bench`: the reference model of `../shared/bench/README.md` on our code, against PyTorch on the same
 * machine in the same run. Prints a table (tokens/s, FLOPs per token, fraction of the backend's GEMM peak,
 * ours/PyTorch) and, with `--json FILE`, writes every figure plus `ratios` (null where PyTorch is missing).
 *
 *   npm run bench -- [--json FILE] [--backends wasm,cpu] [--reps N] [--quick] [--no-torch] [--torch-threads N]
 *
 * `--torch-threads` (default 2, the machine's cores) sets PyTorch's intra-op threads; 1 compares one core with one
 * core (our wasm backend runs one thread).
 *
 * Engines: the tfjs backends above and, unless `--no-onnx`, the onnx engine (ONNX Runtime, intra-op threads = cores)
 * on the inference workloads, side by side; the onnx engine runs first, right after PyTorch. `ratios` holds the engines `s2s translate` / `s2s train` use by default
 * (inference: onnx when it loads; training: tfjs); `ratios_by_engine` holds every engine's. Ratios are withheld — null
 * in the JSON, no ours/torch column in the tables — when PyTorch runs on a reference BLAS (its 2048² GEMM under
 * 50 GFLOP/s, or no OpenMP OpenBLAS), which inflates them.
 *
 * PyTorch runs under the first of `$S2S_PYTHON`, `python3`, `/usr/bin/python3` that imports torch. Its OpenMP BLAS
 * collapses when the cores are oversubscribed (4–6 GFLOP/s with other jobs running against 160–190 idle), so the
 * figures mean something only on an idle machine: the bench warns when the load average at the start exceeds half
 * the cores.
 *
 * The cpu backend is 40–100× slower than wasm: it runs only when listed, and then only GEMM and greedy B=1.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, parseBackendName } from '../lib/backend.js';
import { measureTokenization } from './tokenize-bench.js';
import { beamTokenFlops, greedyTokenFlops, lmTokenFlops, REF, trainTokenFlops } from './bench/flops.js';
import { measureGemm } from './bench/gemm.js';
import { formatTable, RATIO_KEYS, ratio, WORKLOADS, type Figure } from './bench/report.js';
import { loadAverage, type Timing } from './bench/timing.js';
import { findTorchPython, openmpBlas, runTorchReference, type TorchFigures } from './bench/torch.js';
import { referenceLm, referenceSeq2Seq, timeDecode, timeLmScoring, timeTrainStep } from './bench/workloads.js';
import { measureOnnxEngine, referenceBlasNote } from './bench/onnx-engine.js';
import { openblasCore } from './bench/openblas-core.js';
import { busyMachineNote } from './bench/machine.js';

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    backends: { type: 'string', default: 'wasm' },
    reps: { type: 'string', default: '5' },
    quick: { type: 'boolean', default: false },
    'no-torch': { type: 'boolean', default: false },
    'torch-threads': { type: 'string', default: '2' },
    'no-onnx': { type: 'boolean', default: false },
  },
});
const reps = values.quick ? 2 : Number(values.reps);
const backends = values.backends.split(',').map((b) => parseBackendName(b.trim()));
const log = (msg: string): void =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)} load ${loadAverage().join(' ')}] ${msg}`);

/** Turns a timing of a batch of `tokens` into a figure against the GEMM peak. */
function figure(timing: Timing, tokens: number, flopsPerToken: number, gemmGflops: number): Figure {
  const tokS = tokens / timing.median;
  return { tokS, flopsPerToken, peakFraction: (tokS * flopsPerToken) / (gemmGflops * 1e9), seconds: timing.median };
}

async function attempt(name: string, run: () => Promise<Figure>, flopsPerToken: number): Promise<Figure> {
  log(name);
  try {
    return await run();
  } catch (err) {
    const error = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    log(`${name} failed: ${error}`);
    return { tokS: null, flopsPerToken, peakFraction: null, seconds: null, error };
  }
}

/** Every workload on one backend; `tiny` (cpu) runs GEMM and greedy B=1 only. */
async function measureBackend(
  tiny: boolean,
): Promise<{ gemm: Awaited<ReturnType<typeof measureGemm>>; figures: Record<string, Figure> }> {
  log('GEMM');
  const gemm = await measureGemm(tiny ? 2 : Math.max(3, reps), tiny ? 512 : 2048, tiny || values.quick);
  const peak = gemm.square;
  const figures: Record<string, Figure> = {};
  const model = referenceSeq2Seq();
  try {
    for (const b of tiny ? [1] : [1, 16, 64]) {
      figures[`greedy_b${b}`] = await attempt(
        `greedy B=${b}`,
        async () => figure(await timeDecode(model, b, 1, tiny ? 1 : reps), b * REF.T, greedyTokenFlops(), peak),
        greedyTokenFlops(),
      );
    }
    if (tiny) return { gemm, figures };
    figures['beam_b16'] = await attempt(
      'beam K=5 B=16',
      async () => figure(await timeDecode(model, 16, 5, reps), 16 * REF.T, beamTokenFlops(5), peak),
      beamTokenFlops(5),
    );
    const lm = referenceLm();
    try {
      figures['lm'] = await attempt(
        'LM scoring 32×64',
        async () => figure(await timeLmScoring(lm, 32, 64, reps), 32 * 64, lmTokenFlops(), peak),
        lmTokenFlops(),
      );
    } finally {
      lm.dispose();
    }
    // training last: a batch that outgrows the wasm heap aborts the WebAssembly module for the rest of the process
    for (const b of values.quick ? [16] : [16, 64]) {
      figures[`train_b${b}`] = await attempt(
        `train B=${b}`,
        async () => figure(await timeTrainStep(model, b, Math.min(reps, 3)), b * REF.T, trainTokenFlops(), peak),
        trainTokenFlops(),
      );
    }
  } finally {
    try {
      model.dispose();
    } catch {
      // the wasm module aborted (out of memory): nothing left to free
    }
  }
  return { gemm, figures };
}

/** tf.memory() fails once the wasm module has aborted. */
function safeNumTensors(): number | null {
  try {
    return tf.memory().numTensors;
  } catch {
    return null;
  }
}

const loadStart = loadAverage();
const busyNote = busyMachineNote(loadStart);
if (busyNote) log(`WARNING: ${busyNote}`);
let torch: TorchFigures | null = null;
const found = values['no-torch'] ? { reason: 'skipped (--no-torch)' } : findTorchPython();
let torchNote: string | null = 'reason' in found ? found.reason : null;
const torchPython = 'python' in found ? found.python : null;
const blasCore = torchPython ? openblasCore(torchPython) : null;
if (blasCore) log(`PyTorch: ${blasCore.note}`);
if (torchPython) {
  log(`PyTorch reference (${torchPython} torch_reference.py --threads ${values['torch-threads']})`);
  try {
    torch = await runTorchReference(
      torchPython,
      Number(values['torch-threads']),
      values.quick ? 2 : 5,
      values.quick ? '16' : '16,64',
      openmpBlas() ? ['--blas', 'openmp'] : [],
      blasCore?.env,
    );
  } catch (err) {
    torchNote = err instanceof Error ? err.message : String(err);
  }
}
if (torchNote) log(`PyTorch: ${torchNote}`);
// ratios only against PyTorch on an optimized BLAS: otherwise the tables leave the ours/torch column out
const blasNote = torch ? referenceBlasNote(torch) : null;
const comparable = torch !== null && blasNote === null;

// the onnx engine (the default for inference) right after PyTorch, so the two meet the same machine state
if (!values['no-onnx']) await useBackend(backends.find((b) => b === 'wasm' || b === 'cpu') ?? 'wasm'); // its weights are made on tfjs
const onnx = values['no-onnx']
  ? null
  : await measureOnnxEngine({ reps, quick: values.quick, torch, comparable, log, attempt });
const results: Record<string, unknown> = {};
for (const name of backends) {
  if (name === 'auto' || name === 'tensorflow') {
    log(`backend ${name}: not measured by this script (wasm, cpu only)`);
    continue;
  }
  const probe = await useBackend(name);
  const tokenization = name === backends[0] ? await measureTokenization(values.quick ? 2 : 5) : undefined;
  const { gemm, figures } = await measureBackend(name === 'cpu');
  const ratios = Object.fromEntries(
    RATIO_KEYS.map((k) => [
      k,
      torch && comparable ? ratio(figures[k], WORKLOADS.find((w) => w.key === k)!.torch(torch)) : null,
    ]),
  );
  results[name] = {
    backend: name,
    detail: probe,
    gemm,
    figures,
    tokenization,
    ratios,
    load: loadAverage(),
    numTensors: safeNumTensors(),
  };
  console.log(
    `\n${name} (${JSON.stringify(probe)}), load average ${loadAverage().join(' ')}${name === 'cpu' ? ' — cpu: GEMM 512² and greedy B=1 only' : ''}`,
  );
  console.log(formatTable(name, figures, gemm.square, torch, comparable));
  if (tokenization)
    console.log(
      `tokenization: encode ${Math.round(tokenization.encode.linesPerSecond).toLocaleString('en')} lines/s, decode ${Math.round(tokenization.decode.linesPerSecond).toLocaleString('en')} lines/s (${tokenization.encode.lines} lines)`,
    );
  console.log(
    `GEMM shapes GFLOP/s: ${Object.entries(gemm.shapes)
      .map(
        ([k, v]) =>
          `${k} ${v.toFixed(1)}${torch?.gemm_shapes_gflops?.[k] ? ` (torch ${torch.gemm_shapes_gflops[k]!.toFixed(1)})` : ''}`,
      )
      .join(', ')}`,
  );
}
if (!backends.includes('cpu'))
  console.log(
    '\ncpu backend skipped (40–100× slower than wasm); pass --backends wasm,cpu for its GEMM and greedy B=1.',
  );
if (torchNote) console.log(`PyTorch: ${torchNote}`);
if (torchPython)
  console.log(`PyTorch: ${torch?.torch ?? 'torch'} via ${torchPython}, ${values['torch-threads']} threads`);
if (blasCore) console.log(`PyTorch: ${blasCore.note}`);
if (blasNote) console.log(`PyTorch: ${blasNote}`);
const primary = (results[backends[0]!] ?? {}) as Record<string, unknown> & { ratios?: Record<string, number | null> };
const ratiosByEngine: Record<string, Record<string, number | null>> = Object.fromEntries(
  Object.entries(results).map(([name, r]) => [name, (r as { ratios: Record<string, number | null> }).ratios]),
);
if (onnx) ratiosByEngine['onnx'] = onnx.ratios;
const TRAIN_KEYS = new Set(['train_b16']);
// the defaults: inference on onnx when it loaded, training on the first tfjs backend
const ratios = Object.fromEntries(
  RATIO_KEYS.map((k) => [
    k,
    blasNote ? null : ((TRAIN_KEYS.has(k) || !onnx?.loaded ? primary.ratios?.[k] : onnx.ratios[k]) ?? null),
  ]),
);
if (comparable)
  console.log(
    `\nratios ours/PyTorch (defaults: inference ${onnx?.loaded ? 'onnx' : backends[0]}, training ${backends[0]}): ${JSON.stringify(ratios)}`,
  );
else console.log(`\nratios ours/PyTorch: withheld (${blasNote ?? torchNote ?? 'no PyTorch figures'})`);
if (busyNote) console.log(`WARNING: ${busyNote}`);
const report = {
  ...primary,
  ratios,
  ratios_by_engine: ratiosByEngine,
  onnx,
  blasNote,
  busyNote,
  loadStart,
  loadEnd: loadAverage(),
  reps,
  torch,
  torchPython,
  torchNote,
  openblas: blasCore?.note ?? null,
  backends: results,
};
if (values.json) await writeFile(values.json, JSON.stringify(report, null, 2) + '\n');
