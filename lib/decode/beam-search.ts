/**
 * Beam search over B × K hypotheses in one batch. Each step, every live hypothesis h (summed fused score s_h) is
 * extended by every token y: `s(h·y) = s_h + score(y | h, x)`. Per sentence the 2K best candidates are taken on the
 * device (only their scores and ids come back): candidates ending in eos among the first K become finished
 * hypotheses, ranked by `s / lp(|y|)` (see length-penalty.ts); the K best others stay live (fairseq's scheme, so
 * the beam never shrinks while eos is likely). Rows with no candidate left are dead: they carry −∞ and never win.
 *
 * A sentence finishes — and its rows leave the batch — when it has K finished hypotheses, or when no live
 * hypothesis can still enter its n-best: every future step adds a score ≤ 0 and lp is non-decreasing, so a live h
 * with t tokens can end at most at `max(s_h / lp(t + 1), s_h / lp(maxLength + 1))`. At the max length only eos is
 * allowed (the driver's force-eos processor), so every sentence finishes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EOS_ID, PAD_ID } from '../text/special-ids.js';
import type { Hypothesis } from './hypothesis.js';
import { attentionRow, type SearchConfig } from './search-config.js';
import { rowTopK, type HostStepScores } from './host-scores.js';
import { rowsContext, startRows, type DecodeStrategy, type StepContext, type StepScores } from './strategy.js';

export interface BeamConfig extends SearchConfig {
  /** K: live hypotheses per sentence. */
  beamSize: number;
  /** Hypotheses returned per sentence (≤ K). */
  nBest: number;
}

interface BeamRow {
  sentence: number;
  /** Generated tokens (no bos); the last one is the next input. Dead rows end in pad. */
  tokens: number[];
  /** Σ log p_model of the tokens (host, float64). */
  logProb: number;
  /** Σ processed scores, as summed on the device (float32); −∞ for dead rows. */
  fused: number;
  attention: number[][] | undefined;
}

export class BeamSearch implements DecodeStrategy {
  /** Current rows, grouped by sentence, `width` rows each (1 before the first step, K after). */
  private rows: BeamRow[];
  private width = 1;
  private step = 0;
  /** Finished hypotheses of every sentence, unsorted. */
  private readonly finished: Hypothesis[][];
  /** Rows of the previous state that make up `rows`, in order. */
  private parents: number[] = [];

  constructor(private readonly config: BeamConfig) {
    this.rows = startRows(config.batchSize, config.collectAttention);
    this.finished = Array.from({ length: config.batchSize }, () => []);
  }

  get isDone(): boolean {
    return this.rows.length === 0;
  }

  context(): StepContext {
    return rowsContext(this.step, this.rows, this.config.maxLengths);
  }

  async advance({ scores, logProbs, attention }: StepScores): Promise<void> {
    const [n, vocab] = scores.shape;
    const { sentences, span, count } = this.shape(n, vocab);
    const picked = tf.tidy(() => {
      const total = scores.add<tf.Tensor2D>(
        tf.tensor2d(
          this.rows.map((r) => r.fused),
          [n, 1],
        ),
      ); // [N, V] + [N, 1]
      const { values, indices } = tf.topk(total.reshape([sentences, span]), count); // [N, V] → [B', w·V] → [B', 2K]
      const offsets = tf.range(0, sentences * span, span, 'int32').reshape([sentences, 1]); // [B', 1]
      const raw = tf.gather(logProbs.reshape([-1]), indices.add(offsets).reshape([-1])); // [N·V] → [B'·2K]
      return [values, indices, raw];
    });
    const [values, indices, raw] = await Promise.all(picked.map((t) => t.data()));
    const attn = attention && this.config.collectAttention ? ((await attention.data()) as Float32Array) : undefined;
    tf.dispose(picked);
    this.extend(
      { values: values as Float32Array, indices: indices as Int32Array, raw: raw as Float32Array },
      vocab,
      count,
      attn && { data: attn, width: attention!.shape[1] },
    );
  }

  /**
   * `advance` on host scores: each row's `min(2K, V)` best totals (host-scores.ts), merged per sentence by total,
   * ties to the lower index in the sentence's [w·V] span — the candidates `tf.topk` picks from the whole span.
   */
  advanceHost({ scores, vocab, attention }: HostStepScores): void {
    const n = this.rows.length;
    const { sentences, count } = this.shape(n, vocab);
    const width = this.width;
    const perRow = Math.min(count, vocab);
    const rowValues = new Float32Array(width * perRow);
    const rowIds = new Int32Array(width * perRow);
    const values = new Float32Array(sentences * count);
    const indices = new Int32Array(sentences * count);
    const raw = new Float32Array(sentences * count);
    const order = Array.from({ length: width * perRow }, (_, i) => i);
    for (let b = 0; b < sentences; b++) {
      for (let w = 0; w < width; w++) {
        const row = b * width + w;
        rowTopK(
          scores,
          vocab,
          row,
          this.rows[row]!.fused,
          perRow,
          rowValues.subarray(w * perRow),
          rowIds.subarray(w * perRow),
        );
      }
      // slot i holds row ⌊i / perRow⌋'s candidate: flat index in the span = w·V + id (−∞ slots sort last)
      const flat = (i: number): number => Math.floor(i / perRow) * vocab + rowIds[i]!;
      order.sort((x, y) => rowValues[y]! - rowValues[x]! || flat(x) - flat(y));
      for (let r = 0; r < count; r++) {
        const i = order[r]!;
        const at = b * count + r;
        values[at] = rowValues[i]!;
        indices[at] = flat(i);
        raw[at] =
          rowValues[i]! > -Infinity ? scores[(b * width + Math.floor(i / perRow)) * vocab + rowIds[i]!]! : -Infinity;
      }
      order.sort((x, y) => x - y);
    }
    this.extend({ values, indices, raw }, vocab, count, this.config.collectAttention ? attention : undefined);
  }

  /** Sentences B', span w·V and candidates per sentence min(2K, w·V) of a step over N rows. */
  private shape(n: number, vocab: number): { sentences: number; span: number; count: number } {
    const span = this.width * vocab;
    return { sentences: n / this.width, span, count: Math.min(2 * this.config.beamSize, span) };
  }

  /**
   * The search's choice from each sentence's `count` best candidates: `values` (totals, best first), `indices` (into
   * the sentence's [w·V] span) and `raw` (the model's log-probs there), [B'·count] each.
   */
  private extend(
    picked: { values: Float32Array; indices: Int32Array; raw: Float32Array },
    vocab: number,
    count: number,
    attention: { data: Float32Array; width: number } | undefined,
  ): void {
    const { beamSize: k } = this.config;
    const { values, indices, raw } = picked;
    const width = this.width;
    const sentences = this.rows.length / width;
    const attn = attention?.data;
    const nextRows: BeamRow[] = [];
    const parents: number[] = [];
    for (let b = 0; b < sentences; b++) {
      const sentence = this.rows[b * width]!.sentence;
      const live: BeamRow[] = [];
      const liveParents: number[] = [];
      for (let r = 0; r < count; r++) {
        const at = b * count + r;
        const value = values[at]!;
        if (!(value > -Infinity)) break; // sorted: the rest are −∞ too
        const index = indices[at]!;
        const parentRow = b * width + Math.floor(index / vocab);
        const token = index % vocab;
        const parent = this.rows[parentRow]!;
        const candidate: BeamRow = {
          sentence,
          tokens: token === EOS_ID ? parent.tokens : [...parent.tokens, token],
          logProb: parent.logProb + raw[at]!,
          fused: value,
          attention:
            parent.attention && attn
              ? [
                  ...parent.attention,
                  attentionRow(attn, parentRow, attention!.width, this.config.sourceLengths?.[sentence]),
                ]
              : undefined,
        };
        if (token === EOS_ID) {
          if (r < k) this.finished[sentence]!.push(this.toHypothesis(candidate));
        } else if (live.length < k) {
          live.push(candidate);
          liveParents.push(parentRow);
        }
        if (live.length === k && r >= k - 1) break;
      }
      if (this.sentenceDone(sentence, live)) continue;
      while (live.length < k) {
        live.push({
          sentence,
          tokens: [...this.rows[b * width]!.tokens, PAD_ID],
          logProb: -Infinity,
          fused: -Infinity,
          attention: undefined,
        });
        liveParents.push(b * width);
      }
      nextRows.push(...live);
      parents.push(...liveParents);
    }
    this.rows = nextRows;
    this.parents = parents;
    this.width = k;
    this.step++;
  }

  selectedRows(): tf.Tensor1D | null {
    return tf.tensor1d(this.parents, 'int32');
  }

  finalize(): Hypothesis[][] {
    return this.finished.map((list) => sortByScore(list).slice(0, this.config.nBest));
  }

  private toHypothesis(row: BeamRow): Hypothesis {
    const hypothesis: Hypothesis = {
      tokens: row.tokens,
      logProb: row.logProb,
      score: row.fused / this.config.lengthPenalty(row.tokens.length + 1),
    };
    if (row.attention) hypothesis.attention = row.attention;
    return hypothesis;
  }

  /** K finished, nothing live, or no live hypothesis can still enter the n-best. */
  private sentenceDone(sentence: number, live: readonly BeamRow[]): boolean {
    const finished = this.finished[sentence]!;
    const { beamSize, nBest, lengthPenalty } = this.config;
    if (finished.length >= beamSize || live.length === 0) return true;
    if (finished.length < nBest) return false;
    const nth = sortByScore(finished)[nBest - 1]!.score;
    const maxLength = this.config.maxLengths[sentence]!;
    const bestBound = Math.max(
      ...live.map((h) =>
        Math.max(h.fused / lengthPenalty(h.tokens.length + 1), h.fused / lengthPenalty(maxLength + 1)),
      ),
    );
    return nth >= bestBound;
  }
}

/** Best first; stable, so equal scores keep their order of discovery. */
function sortByScore(list: Hypothesis[]): Hypothesis[] {
  return [...list].sort((a, b) => b.score - a.score);
}
