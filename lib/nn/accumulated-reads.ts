/**
 * Loop-invariant right operands (weights, the attention memory) read at every step of an unrolled loop, with their
 * gradients summed as the backward pass goes instead of kept per step.
 *
 * Why this exists (performance only: memory; the gradients are autodiff's): tfjs's backward pass adds each use's gradient into a running sum but keeps every term alive until the pass
 * ends, so autodiff of a T-step loop holds T copies of ∂L/∂W for every weight W the steps read. For the benchmark's
 * decoder (T = 30) that was ~1.9 GB of the training step's peak memory at any batch size — the reason a batch of 64
 * overflowed wasm's 4 GB heap.
 *
 * A loop creates one `new AccumulatedReads(operands)` before its first step and passes it down explicitly (the
 * `reads` option of the layers it calls); every `matMul(a, W, reads)` (matmul.ts) whose right operand W is one of
 * `operands` is then recorded as an op whose inputs are `a` and one shared scalar "handle" — not W:
 *   forward:   handle = gate(W_1 … W_n) = 0 (recorded before the loop);   y_t = a_t · W_k
 *   backward:  ∂a_t = ∂y_t · W_kᵀ (W_kᵀ materialised once per pass: see matmul.ts for why transposes are explicit);
 *              G_k ← G_k + a_tᵀ · ∂y_t (the step's term is freed at once);   ∂handle = 0
 *              the gate, recorded first and therefore visited last: ∂W_k = G_k  (= Σ_t a_tᵀ · ∂y_t, as autodiff)
 * Operands with rank 3 ([B, S, C], read by batched products [B, M, S] · [B, S, C]) are accumulated the same way.
 * Outside a gradient computation the gate is one scalar op and the products are plain matmuls.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Swaps the last two axes: [M, K] → [K, M], [B, M, K] → [B, K, M]. */
export function swapLast(x: tf.Tensor): tf.Tensor {
  return x.rank === 2 ? tf.transpose(x) : tf.transpose(x, [0, 2, 1]);
}

/** The running gradient sums G_k of one unrolled loop's loop-invariant operands. */
export class AccumulatedReads {
  private readonly slots = new Map<number, number>();
  private readonly sums: Array<tf.Tensor | undefined>;
  private readonly transposes: Array<tf.Tensor | undefined>;
  readonly handle: tf.Scalar;
  private readonly product: (a: tf.Tensor, handle: tf.Tensor, slot: number) => tf.Tensor;

  /**
   * Call before the loop's first step: the gate op must be recorded first (so that it is visited last).
   * @param operands the loop invariants: weights [K, N] or a memory [B, S, C]
   */
  constructor(private readonly operands: readonly tf.Tensor[]) {
    operands.forEach((w, k) => this.slots.set(w.id, k));
    this.sums = operands.map(() => undefined);
    this.transposes = operands.map(() => undefined);
    const gate = tf.customGrad(() => ({
      value: tf.scalar(0),
      gradFunc: () => this.take(),
    })) as (...ws: tf.Tensor[]) => tf.Scalar;
    this.handle = gate(...operands);
    this.product = (a, handle, slot) => {
      const w = operands[slot]!;
      const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
        const [x, , save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
        save([x, w]); // W too: an operand like the memory is disposed with the forward pass's scope
        return {
          value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
          gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
            const [sx, sw] = saved as [tf.Tensor, tf.Tensor];
            this.add(
              slot,
              tf.tidy(() => tf.matMul(swapLast(sx) as tf.Tensor2D, dy as tf.Tensor2D)),
            ); // aᵀ · ∂y
            return [tf.matMul(dy as tf.Tensor2D, this.transposed(slot, sw) as tf.Tensor2D), tf.zeros([])]; // ∂y · Wᵀ; ∂handle = 0 (zeros, not zerosLike: the handle is freed with the forward scope)
          },
        };
      }) as (x: tf.Tensor, h: tf.Tensor) => tf.Tensor;
      return op(a, handle);
    };
  }

  /** The accumulating product `a · W` when W is one of this loop's operands, else undefined. */
  times(a: tf.Tensor, w: tf.Tensor): tf.Tensor | undefined {
    const slot = this.slots.get(w.id);
    return slot === undefined ? undefined : this.product(a, this.handle, slot);
  }

  /** Wᵀ, materialised once per backward pass (not once per step) and freed with the sums in `take`. */
  private transposed(slot: number, w: tf.Tensor): tf.Tensor {
    return (this.transposes[slot] ??= swapLast(w));
  }

  private add(slot: number, term: tf.Tensor): void {
    const old = this.sums[slot];
    if (!old) {
      this.sums[slot] = term;
      return;
    }
    this.sums[slot] = tf.add(old, term);
    tf.dispose([old, term]);
  }

  /** ∂L/∂W_k = G_k for every operand (zeros for one no step's gradient reached); the sums are handed over. */
  private take(): tf.Tensor[] {
    const grads = this.operands.map((w, k) => this.sums[k] ?? tf.zeros(w.shape)); // (an operand like the memory may be freed by now: shape only)
    this.sums.fill(undefined);
    tf.dispose(this.transposes.filter((t): t is tf.Tensor => t !== undefined));
    this.transposes.fill(undefined);
    return grads;
  }
}
