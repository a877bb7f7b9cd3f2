/**
 * Greedy search: each live sentence has one row; every step appends `argmax_y score(y | y_<i, x)` (after the step
 * processors). A sentence finishes at eos and leaves the batch. `SamplingSearch` reuses it with a random chooser.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EOS_ID } from '../text/special-ids.js';
import type { Hypothesis } from './hypothesis.js';
import { attentionRow, type SearchConfig } from './search-config.js';
import { rowArgmax, type HostStepScores } from './host-scores.js';
import { rowsContext, startRows, type DecodeStrategy, type StepContext, type StepScores } from './strategy.js';

/**
 * Picks one token per row. `scores`: processed log-probs of this step, [N, V]; `total`: the running fused score of
 * each row plus `scores`, [N, V]. Returns token ids, [N] int32.
 */
export type TokenChooser = (scores: tf.Tensor2D, total: tf.Tensor2D) => tf.Tensor1D;

/** The greedy choice: `argmax_y total(y)`. */
export const argmaxChooser: TokenChooser = (_scores, total) => tf.argMax(total, 1) as tf.Tensor1D;

interface Row {
  sentence: number;
  tokens: number[];
  /** Σ log p_model over the chosen tokens (host, float64). */
  logProb: number;
  /** Σ processed scores, as computed on the device (float32), so greedy and beam K = 1 agree bit for bit. */
  fused: number;
  attention: number[][] | undefined;
}

export class GreedySearch implements DecodeStrategy {
  private rows: Row[];
  private readonly results: (Hypothesis | undefined)[];
  private step = 0;
  private survivors: number[] | null = null;

  constructor(
    private readonly config: SearchConfig,
    private readonly choose: TokenChooser = argmaxChooser,
  ) {
    this.rows = startRows(config.batchSize, config.collectAttention);
    this.results = new Array<Hypothesis | undefined>(config.batchSize).fill(undefined);
  }

  get isDone(): boolean {
    return this.rows.length === 0;
  }

  context(): StepContext {
    return rowsContext(this.step, this.rows, this.config.maxLengths);
  }

  async advance({ scores, logProbs, attention }: StepScores): Promise<void> {
    const [n, vocab] = scores.shape;
    const picked = tf.tidy(() => {
      const total = scores.add<tf.Tensor2D>(
        tf.tensor2d(
          this.rows.map((r) => r.fused),
          [n, 1],
        ),
      ); // [N, V] + [N, 1]
      const ids = this.choose(scores, total); // [N]
      const flat = tf.range(0, n * vocab, vocab, 'int32').add(ids); // [N]: row·V + id
      return [ids, tf.gather(total.reshape([-1]), flat), tf.gather(logProbs.reshape([-1]), flat)]; // [N·V] → [N]
    });
    const [ids, fused, raw] = await Promise.all(picked.map((t) => t.data()));
    const attn = attention && this.config.collectAttention ? ((await attention.data()) as Float32Array) : undefined;
    tf.dispose(picked);
    this.extend(
      ids as Int32Array,
      fused as Float32Array,
      raw as Float32Array,
      attn && { data: attn, width: attention!.shape[1] },
    );
  }

  /** `advance` on host scores (host-scores.ts); the argmax choice only (a sampling subclass samples on the device). */
  get advanceHost(): ((step: HostStepScores) => void) | undefined {
    return this.choose === argmaxChooser ? (step) => this.advanceOnHost(step) : undefined;
  }

  private advanceOnHost({ scores, vocab, attention }: HostStepScores): void {
    const n = this.rows.length;
    const ids = new Int32Array(n);
    const fused = new Float32Array(n);
    const raw = new Float32Array(n);
    this.rows.forEach((row, i) => {
      const { id, total } = rowArgmax(scores, vocab, i, row.fused);
      ids[i] = id;
      fused[i] = total;
      raw[i] = scores[i * vocab + id]!;
    });
    this.extend(ids, fused, raw, this.config.collectAttention ? attention : undefined);
  }

  /** Appends each row's chosen token `ids` [N] (totals `fused`, model log-probs `raw`); rows that chose eos finish. */
  private extend(
    ids: Int32Array,
    fused: Float32Array,
    raw: Float32Array,
    attention: { data: Float32Array; width: number } | undefined,
  ): void {
    const attn = attention?.data;
    const kept: Row[] = [];
    const survivors: number[] = [];
    this.rows.forEach((row, i) => {
      const token = ids[i]!;
      row.logProb += raw[i]!;
      row.fused = fused[i]!;
      if (attn && row.attention)
        row.attention.push(attentionRow(attn, i, attention!.width, this.config.sourceLengths?.[row.sentence]));
      if (token === EOS_ID) {
        this.results[row.sentence] = finish(row, this.config);
      } else {
        row.tokens.push(token);
        kept.push(row);
        survivors.push(i);
      }
    });
    this.survivors = kept.length < this.rows.length ? survivors : null;
    this.rows = kept;
    this.step++;
  }

  selectedRows(): tf.Tensor1D | null {
    return this.survivors ? tf.tensor1d(this.survivors, 'int32') : null;
  }

  finalize(): Hypothesis[][] {
    return this.results.map((h) => (h ? [h] : []));
  }
}

function finish(row: Row, config: SearchConfig): Hypothesis {
  const hypothesis: Hypothesis = {
    tokens: row.tokens,
    logProb: row.logProb,
    score: row.fused / config.lengthPenalty(row.tokens.length + 1),
  };
  if (row.attention) hypothesis.attention = row.attention;
  return hypothesis;
}
