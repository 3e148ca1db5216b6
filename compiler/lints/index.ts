/** The lints: warnings about recipes that are legal but usually wrong, each with its reason. */
import type { Rule } from "../context.ts";
import { symmetricInit } from "./symmetric-init.ts";
import { sigmoidHidden } from "./sigmoid-hidden.ts";
import { xavierRelu } from "./xavier-relu.ts";
import { smallGaussian } from "./small-gaussian.ts";
import { learningRate } from "./learning-rate.ts";
import { dropoutOutput } from "./dropout-output.ts";
import { l2Adam } from "./l2-adam.ts";
import { preprocessStats } from "./preprocess-stats.ts";

export const lints: readonly Rule[] = [
  symmetricInit,
  sigmoidHidden,
  xavierRelu,
  smallGaussian,
  learningRate,
  dropoutOutput,
  l2Adam,
  preprocessStats,
];
