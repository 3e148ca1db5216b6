import type { RegistryEntry } from "../types.ts";
import { INTEGER, NUMBER, REFERENCE, opt } from "../params.ts";
import { nonNegative, openUnit } from "../range.ts";

export const reduceOnPlateau: RegistryEntry = {
  name: "reduce_on_plateau",
  confusedWith: { plateau: "reduce_on_plateau", reducelronplateau: "ReduceLROnPlateau is reduce_on_plateau" },
  role: "schedule",
  params: [
    opt("metric", REFERENCE, "validation.loss", "the monitored metric, `<set>.<loss|accuracy|top_k>`"),
    opt("factor", NUMBER, 0.1, "multiplier applied on a plateau", openUnit),
    opt("patience", INTEGER, 10, "evaluations without improvement before reducing", nonNegative),
    opt("threshold", NUMBER, 1e-4, "relative improvement that counts", nonNegative),
    opt("cooldown", INTEGER, 0, "evaluations to wait after a reduction", nonNegative),
    opt("min", NUMBER, 0, "lowest value", nonNegative),
  ],
  doc: "Reduce by `factor` when the metric stops improving (ReduceLROnPlateau).",
  details:
    "After `patience` evaluations without a relative improvement of `threshold`, value ← max(value·factor, min). " +
    "Automates CS231n's advice to decay when validation loss plateaus; loss is minimized, accuracy maximized.",
};
