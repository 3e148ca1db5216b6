/** Training practice: the checks of `nnc doctor` and the learning-rate range test, over any CompiledModel. */
export { takeRows, spreadRows, lossOnSample, gradientOnSample, type Sample } from "./sample.ts";
export { checkInitialLoss, expectedInitialLoss, type InitialLossCheck } from "./initial-loss.ts";
export { INITIAL_LOSS_TOLERANCE, OVERFIT_ROWS, OVERFIT_STEPS, RATIO_STEPS } from "./doctor-defaults.ts";
export { checkOverfit, type OverfitCheck } from "./overfit.ts";
export { activationStats, type LayerActivationStats } from "./activation-stats.ts";
export { updateWeightRatios, weightTensors } from "../train/update-ratio.ts";
export { checkUpdateRatios, ratioVerdict, TARGET_RATIO, RATIO_LOW, RATIO_HIGH, type UpdateRatioRow } from "./update-ratio.ts";
export { lrRangeTest, suggest, type LrRangeOptions, type LrRangePoint, type LrRangeResult } from "./lr-range.ts";
