/** The optimizers the trainer offers, by name (a light module: the CLI's option table reads it without loading tfjs). */
export const OPTIMIZER_NAMES = ['sgd', 'rmsprop', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];
