/**
 * The defaults of `nnc doctor`'s checks, in a module of their own: the command line names them in its help, and
 * `nnc --help` should not load the checks (and the model contract, batcher and losses they import) to do so.
 */

/** Check 1 (initial-loss.ts): default relative tolerance on |loss − expected| / expected. */
export const INITIAL_LOSS_TOLERANCE = 0.2;
/** Check 2 (overfit.ts): rows of the tiny sample, and the step budget to memorise it. */
export const OVERFIT_ROWS = 20;
export const OVERFIT_STEPS = 500;
/** Check 5 (update-ratio.ts): training steps the update/weight ratio is averaged over. */
export const RATIO_STEPS = 10;
