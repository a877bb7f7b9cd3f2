/** Training progress with an injected sink and clock: plain log lines, the live bar, formatting tables. */
import { expect } from 'chai';
import type { StepEvent } from '../../lib/train/observer.js';
import { TrainingProgress } from '../../lib/train/progress.js';
import { lineSink, type ProgressSink } from '../../lib/util/progress-sink.js';
import { formatBar, formatDuration, formatLogLine } from '../../lib/train/progress-format.js';

/** A sink with a live status that records every call as `kind:text`. */
function recordingSink(out: string[]): ProgressSink {
  return {
    line: (t) => out.push(`line:${t}`),
    status: (t) => out.push(`status:${t}`),
    clearStatus: () => out.push('clear'),
  };
}

function stepEvent(step: number, over: Partial<StepEvent> = {}): StepEvent {
  return {
    step,
    epoch: 1,
    batchIndex: step,
    batchesInEpoch: 1000,
    loss: 2,
    tokens: 100,
    gradNorm: 1,
    learningRate: 0.001,
    numBytes: 5e6,
    peakBytes: 12.34e6,
    numTensors: 10,
    plannedSteps: 1000,
    ...over,
  };
}

describe('progress', function () {
  it('formatLogLine', function () {
    expect(
      formatLogLine({
        step: 200,
        epoch: 1,
        loss: Math.log(10.1),
        learningRate: 0.001,
        tokensPerSecond: 1234.4,
        memoryBytes: 12.34e6,
      }),
    ).to.equal('step 200 epoch 1 loss 2.313 ppl 10.10 lr 0.001 tok/s 1234 mem 12.3MB');
    expect(
      formatLogLine({ step: 400, epoch: 2, devLoss: 2.1, devMetrics: { bleu: 12.345 }, learningRate: 0.0005 }),
    ).to.equal('step 400 epoch 2 dev_loss 2.100 dev_ppl 8.166 bleu 12.35 lr 0.0005');
  });

  it('formatDuration', function () {
    const table: Array<[number | null, string]> = [
      [0, '0s'],
      [45.4, '45s'],
      [187, '3m07s'],
      [7500, '2h05m'],
      [null, '?'],
      [Infinity, '?'],
    ];
    for (const [s, text] of table) expect(formatDuration(s), String(s)).to.equal(text);
  });

  it('formatBar', function () {
    expect(
      formatBar({ epoch: 1, step: 500, fraction: 0.5, loss: 2, tokensPerSecond: 999.6, etaSeconds: 187 }, 10),
    ).to.equal('epoch 1 [#####-----]  50% step 500 loss 2.000 ppl 7.389 1000 tok/s ETA 3m07s');
    expect(formatBar({ epoch: 2, step: 5, fraction: null, loss: 1, tokensPerSecond: 10, etaSeconds: null })).to.equal(
      'epoch 2 step 5 loss 1.000 ppl 2.718 10 tok/s ETA ?',
    );
  });

  it('plain mode: one line per logEvery steps (token-weighted loss, tok/s from the clock) and one per evaluation', function () {
    const out: string[] = [];
    let now = 0;
    const reporter = new TrainingProgress({
      sink: lineSink({ write: (s: string) => out.push(s) }),
      clock: () => now,
      logEvery: 2,
    });
    now = 0;
    reporter.onStep(stepEvent(1, { loss: 1, tokens: 100 }));
    now = 500;
    reporter.onStep(stepEvent(2, { loss: 4, tokens: 300 }));
    now = 1500;
    reporter.onStep(stepEvent(3));
    reporter.onEvaluation({
      step: 3,
      epoch: 1,
      dev: { loss: 2.1, tokens: 50, metrics: { bleu: 20 } },
      bestDevLoss: 2.1,
      improved: true,
      learningRate: 0.0005,
      decayed: true,
      badEvaluations: 0,
    });
    reporter.onNotice('lr 0.001 → 0.0005');
    // (1·100 + 4·300) / 400 = 3.25 nats; 400 tokens in 0.5 s.
    expect(out).to.deep.equal([
      'step 2 epoch 1 loss 3.250 ppl 25.79 lr 0.001 tok/s 800 mem 12.3MB\n',
      'step 3 epoch 1 dev_loss 2.100 dev_ppl 8.166 bleu 20.00 lr 0.0005 best 2.100 *\n',
      'lr 0.001 → 0.0005\n',
    ]);
  });

  it('live mode: updates one bar (throttled by the clock), sends evaluations and notices as lines, clears the bar at the end', function () {
    const out: string[] = [];
    let now = 0;
    const reporter = new TrainingProgress({
      sink: recordingSink(out),
      clock: () => now,
      redrawMs: 100,
      barWidth: 10,
      logEvery: 1000,
    });
    reporter.onStep(stepEvent(1));
    now = 50;
    reporter.onStep(stepEvent(2)); // within 100 ms: no redraw
    now = 1000;
    reporter.onStep(stepEvent(500, { plannedSteps: 1000 }));
    expect(out).to.have.length(2);
    expect(out[0]!.startsWith('status:epoch 1 [----------]   0% step 1 loss 2.000 ppl 7.389 ')).to.equal(true);
    // 500 steps (from step 0) took 1 s → 500 more take 1 s; 3 × 100 tokens in 1 s.
    expect(out[1]).to.equal('status:epoch 1 [#####-----]  50% step 500 loss 2.000 ppl 7.389 300 tok/s ETA 1s');
    reporter.onNotice('checkpoint');
    expect(out[2]).to.equal('line:checkpoint');
    reporter.onEnd({
      stopReason: 'maxSteps',
      steps: 500,
      epoch: 1,
      bestDevLoss: null,
      bestStep: null,
      learningRate: 0.001,
      elapsedSeconds: 1,
    });
    expect(out.slice(3)).to.deep.equal([
      'clear',
      'line:stopped (maxSteps) at step 500 epoch 1: best dev_loss none, lr 0.001, 1.0s',
    ]);
  });
});
