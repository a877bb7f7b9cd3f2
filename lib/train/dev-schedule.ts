/**
 * What the trainer does after each dev evaluation, as a pure state update:
 *
 * - learning-rate decay: when the dev loss fails to beat the *previous* evaluation by `minDelta`
 *   (L_k ≥ L_{k−1} − δ, i.e. it rose, stayed, or fell by less than δ), lr ← max(lrMin, lr · decay)
 *   (decay 0.5 = halving; decay 1 turns it off);
 * - early stopping: `badEvaluations` counts consecutive evaluations that fail to beat the *best* loss by δ
 *   (L_k ≥ L_best − δ); training stops when it reaches `patience` (0 turns it off).
 *
 * A NaN dev loss counts as no improvement.
 */

export interface DevScheduleOptions {
  /** Factor applied to the learning rate when the dev loss does not improve on the previous evaluation. */
  lrDecay: number;
  /** Lower bound for the decayed learning rate. */
  minLearningRate: number;
  /** δ: the improvement that counts as one. */
  minDelta: number;
  /** Evaluations without a new best before stopping; 0 = never stop early. */
  patience: number;
}

export interface DevScheduleState {
  /** Dev loss of the previous evaluation (null before the first). */
  previousDevLoss: number | null;
  /** Lowest dev loss so far (null before the first evaluation). */
  bestDevLoss: number | null;
  /** Consecutive evaluations without a new best. */
  badEvaluations: number;
  learningRate: number;
}

export interface DevScheduleDecision {
  state: DevScheduleState;
  /** This evaluation is the new best (write the best checkpoint). */
  improved: boolean;
  /** The learning rate changed. */
  decayed: boolean;
  /** Patience is exhausted. */
  stop: boolean;
}

export const INITIAL_DEV_STATE = (learningRate: number): DevScheduleState => ({
  previousDevLoss: null,
  bestDevLoss: null,
  badEvaluations: 0,
  learningRate,
});

/** Applies one dev loss to the schedule state (see the file comment for the rules). */
export function updateDevSchedule(
  state: DevScheduleState,
  devLoss: number,
  options: DevScheduleOptions,
): DevScheduleDecision {
  const beats = (reference: number | null): boolean =>
    reference === null ? !Number.isNaN(devLoss) : devLoss < reference - options.minDelta;
  const improved = beats(state.bestDevLoss);
  const worseThanPrevious = state.previousDevLoss !== null && !beats(state.previousDevLoss);
  const learningRate =
    worseThanPrevious && options.lrDecay !== 1
      ? Math.max(options.minLearningRate, state.learningRate * options.lrDecay)
      : state.learningRate;
  const badEvaluations = improved ? 0 : state.badEvaluations + 1;
  return {
    state: {
      previousDevLoss: devLoss,
      bestDevLoss: improved ? devLoss : state.bestDevLoss,
      badEvaluations,
      learningRate,
    },
    improved,
    decayed: learningRate !== state.learningRate,
    stop: options.patience > 0 && badEvaluations >= options.patience,
  };
}

/**
 * Whether the epoch-end dev evaluation runs: unless this step was just evaluated, or — with periodic evaluations every
 * E = `evalEvery` steps — one ran fewer than E/2 steps ago (step − lastEvalStep < E/2). An evaluation a few steps
 * after the previous one measures mostly noise, and as a non-improving evaluation it would decay the learning rate
 * (and count towards patience) for nothing. The skipped steps are evaluated by the next periodic evaluation, or by
 * the final one when training stops.
 */
export function epochEndEvaluationDue(step: number, lastEvalStep: number | null, evalEvery: number): boolean {
  if (lastEvalStep === step) return false;
  return !(evalEvery > 0 && lastEvalStep !== null && step - lastEvalStep < evalEvery / 2);
}
