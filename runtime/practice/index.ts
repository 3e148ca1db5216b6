/** Training practice: the checks of `nnc doctor` and the learning-rate range test, over any CompiledModel. */
export { takeRows, spreadRows, lossOnSample, gradientOnSample, type Sample } from "./sample.ts";
export { checkInitialLoss, expectedInitialLoss, INITIAL_LOSS_TOLERANCE, type InitialLossCheck } from "./initial-loss.ts";
export { checkOverfit, OVERFIT_ROWS, OVERFIT_STEPS, type OverfitCheck } from "./overfit.ts";
export { activationStats, type LayerActivationStats } from "./activation-stats.ts";
export { updateWeightRatios, weightTensors } from "../train/update-ratio.ts";
export { checkUpdateRatios, ratioVerdict, TARGET_RATIO, RATIO_LOW, RATIO_HIGH, RATIO_STEPS, type UpdateRatioRow } from "./update-ratio.ts";
export { lrRangeTest, suggest, type LrRangeOptions, type LrRangePoint, type LrRangeResult } from "./lr-range.ts";
