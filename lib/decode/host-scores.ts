/**
 * The host path of a decoding step: when the model offers its log-probabilities as a host array (`StepModel.stepHost`,
 * the ONNX Runtime engine on CPU) and every step processor can ban on the host (`StepProcessor.banHost`), the
 * searches choose from that array directly — no tfjs tensor, no device top-k. The choices are the tensor path's bit
 * for bit: a processor that bans sets −∞ where the tensor path adds −∞ (x + 0 = x elsewhere), and the running
 * totals are summed in float32 (`Math.fround(s + f)`, IEEE float32 addition) and ranked with ties to the lower
 * index, as tfjs's `argMax` and `topk` do.
 * Shapes: N rows, V vocabulary, S source positions.
 */

/** One step's scores on the host, as a strategy's `advanceHost` receives them. Owned by the driver. */
export interface HostStepScores {
  /**
   * [N, V] row-major: the model's log p(y | y_<i, x) wherever the processors left y allowed, −∞ where they banned
   * it — so at any chosen token it is also the model's own log-probability.
   */
  scores: Float32Array;
  /** V */
  vocab: number;
  /** Attention weights [N, S] (seq2seq models only). */
  attention?: { data: Float32Array; width: number } | undefined;
}

/**
 * The `k` best of `fround(scores[row·V + y] + offset)` over y, best first, ties to the lower y (tfjs `topk`'s order).
 * Writes values and token ids into `values`/`ids` (length ≥ k); slots left over (fewer than k values above −∞) hold
 * −∞ and id −1.
 */
export function rowTopK(
  scores: Float32Array,
  vocab: number,
  row: number,
  offset: number,
  k: number,
  values: Float32Array,
  ids: Int32Array,
): void {
  values.fill(-Infinity, 0, k);
  ids.fill(-1, 0, k);
  let floor = -Infinity; // values[k − 1]
  // fround(x + offset) is non-decreasing in x: a score ≤ the k-th slot's own score cannot beat its total
  let scoreFloor = -Infinity;
  const base = row * vocab;
  for (let y = 0; y < vocab; y++) {
    const x = scores[base + y]!;
    if (!(x > scoreFloor)) continue;
    const v = Math.fround(x + offset);
    if (!(v > floor)) continue;
    let at = k - 1;
    while (at > 0 && values[at - 1]! < v) {
      values[at] = values[at - 1]!;
      ids[at] = ids[at - 1]!;
      at--;
    }
    values[at] = v;
    ids[at] = y;
    floor = values[k - 1]!;
    scoreFloor = ids[k - 1]! >= 0 ? scores[base + ids[k - 1]!]! : -Infinity;
  }
}

/** `argmax_y fround(scores[row·V + y] + offset)`, the first on ties (tfjs `argMax`), and that total. */
export function rowArgmax(
  scores: Float32Array,
  vocab: number,
  row: number,
  offset: number,
): { id: number; total: number } {
  const base = row * vocab;
  let id = 0;
  let best = scores[base]!; // the largest score seen: later scores ≤ it cannot raise the total
  let total = Math.fround(best + offset);
  for (let y = 1; y < vocab; y++) {
    const x = scores[base + y]!;
    if (!(x > best)) continue;
    best = x;
    const v = Math.fround(x + offset);
    if (v > total) {
      total = v;
      id = y;
    }
  }
  return { id, total };
}
