import type { ParamSpec } from "../../registry/types.ts";
import { NUMBER, opt } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";

/**
 * Every schedule but one_cycle and reduce_on_plateau multiplies a base value, by default the
 * hyperparameter's own (the optimizer's lr or momentum, a dropout layer's p, the ema decay). `base = 1`
 * makes the schedule's factors absolute values: `momentum = linear(0.5, 0.99, 10 epochs, base = 1)`.
 */
export const baseParam: ParamSpec = opt(
  "base",
  NUMBER,
  undefined,
  "the value the schedule's factors multiply (default: the hyperparameter's own value; base = 1 makes them absolute values)",
  nonNegative,
);
