import { baseParam } from "./base.ts";
import type { RegistryEntry } from "../types.ts";
import { DURATION, NUMBER, opt, req } from "../params.ts";
import { nonNegative, positive } from "../range.ts";

export const cosine: RegistryEntry = {
  name: "cosine",
  confusedWith: { cosine_annealing: "CosineAnnealingLR is cosine", cosineannealinglr: "CosineAnnealingLR is cosine" },
  role: "schedule",
  params: [
    req("T", DURATION, "half period: steps (or epochs) from base to min"),
    opt("min", NUMBER, 0, "lowest value", nonNegative),
    baseParam,
  ],
  doc: "Cosine annealing (CosineAnnealingLR) from the base value to min over T.",
  details:
    "value(t) = min + (base − min)·(1 + cos(πt/T))/2. Decays slowly at first, fast in the middle and slowly at " +
    "the end (Loshchilov & Hutter 2016); a strong default with few knobs, often after a linear warm-up.",
};

export const cosineRestarts: RegistryEntry = {
  name: "cosine_restarts",
  confusedWith: { sgdr: "SGDR (warm restarts) is cosine_restarts", warm_restarts: "cosine_restarts" },
  role: "schedule",
  params: [
    req("T0", DURATION, "length of the first cycle"),
    opt("T_mult", NUMBER, 1, "factor by which each cycle grows", {
      min: 1,
      max: Infinity,
      minInclusive: true,
      maxInclusive: false,
      text: "[1, ∞)",
    }),
    opt("min", NUMBER, 0, "lowest value", nonNegative),
    baseParam,
  ],
  doc: "Cosine annealing with warm restarts (CosineAnnealingWarmRestarts, SGDR).",
  details:
    "Within a cycle of length T_i: value = min + (base − min)·(1 + cos(π·t_cur/T_i))/2; then restart at base, " +
    "T_{i+1} = T_mult·T_i. Restarts let the optimizer escape sharp minima (Loshchilov & Hutter 2016).",
};
