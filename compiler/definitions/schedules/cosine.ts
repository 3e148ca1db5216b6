import { DURATION, NUMBER, opt, req } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { cosineSchedule } from "../../../runtime/schedules/index.ts";
import { baseParam } from "./base-param.ts";
import { defineSchedule } from "./definition.ts";

export const cosine = defineSchedule<"cosine">({
  entry: {
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
  },
  lengthParam: "T",
  needsLength: false,
  plan: (a, c) => ({ kind: "cosine", T: c.convert(a.duration("T")), min: a.number("min"), unit: c.unit }),
  counts: (p) => [p.T],
  extremes: (p, count) => [count(p.T)],
  value: (p, k, c) => cosineSchedule(k, c.base, c.count(p.T), p.min),
  typescript: (p, e) => e.call("cosineSchedule", `${e.base}, ${e.count(p.T)}, ${num(p.min)}`),
  pytorch: (p, e) => `lr_scheduler.CosineAnnealingLR(optimizer, T_max=${e.count(p.T)}, eta_min=${pyFloat(p.min)})`,
});
