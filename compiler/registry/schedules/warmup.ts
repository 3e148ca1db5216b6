import { baseParam } from "./base.ts";
import type { RegistryEntry } from "../types.ts";
import { DURATION, NUMBER, opt } from "../params.ts";
import { nonNegative, positive } from "../range.ts";

export const linear: RegistryEntry = {
  name: "linear",
  confusedWith: { warmup: "a linear warm-up is linear(0.1, 1, 500 steps)", linear_warmup: "a linear warm-up is linear(0.1, 1, 500 steps)" },
  role: "schedule",
  params: [
    opt("from", NUMBER, 1 / 3, "starting factor of the base value", nonNegative),
    opt("to", NUMBER, 1, "final factor of the base value", nonNegative),
    opt("steps", DURATION, undefined, "length of the ramp (or give it with `for`)"),
    baseParam,
  ],
  doc: "Linear ramp of the factor from `from` to `to` (LinearLR), e.g. a warm-up.",
  details:
    "factor(t) = from + (to − from)·min(t, steps)/steps; value = base·factor. A short warm-up from a small " +
    "factor keeps early, badly-scaled Adam/SGD steps from blowing up, especially with large batches.",
};

export const inverseSqrt: RegistryEntry = {
  name: "inverse_sqrt",
  role: "schedule",
  params: [{ name: "warmup", type: DURATION, required: true, doc: "warm-up length W" }, baseParam],
  doc: "Linear warm-up then 1/√t decay (the Transformer schedule).",
  details: "factor(t) = min((t + 1)/W, √(W/(t + 1))): rises linearly for W steps, then decays as 1/√t (Vaswani et al. 2017).",
};

export const polynomial: RegistryEntry = {
  name: "polynomial",
  role: "schedule",
  params: [
    opt("steps", DURATION, undefined, "length of the decay (or give it with `for`)"),
    opt("power", NUMBER, 1, "exponent", positive),
    baseParam,
  ],
  doc: "Polynomial decay to zero (PolynomialLR).",
  details: "value(t) = base·(1 − min(t, steps)/steps)^power. power = 1 is a linear decay to zero at the end of training.",
};
