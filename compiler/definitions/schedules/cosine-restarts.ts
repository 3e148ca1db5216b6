import { DURATION, NUMBER, opt, req } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { cosineRestartsSchedule } from "../../../runtime/schedules/index.ts";
import { baseParam } from "./base-param.ts";
import { defineSchedule } from "./definition.ts";

export const cosine_restarts = defineSchedule<"cosine_restarts">({
  entry: {
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
  },
  needsLength: false,
  plan: (a, c) => ({
    kind: "cosine_restarts",
    T0: c.convert(a.duration("T0")),
    Tmult: a.number("T_mult"),
    min: a.number("min"),
    unit: c.unit,
  }),
  counts: (p) => [p.T0],
  extremes: (p, count) => [count(p.T0) - 1],
  value: (p, k, c) => cosineRestartsSchedule(k, c.base, c.count(p.T0), p.Tmult, p.min),
  typescript: (p, e) => e.call("cosineRestartsSchedule", `${e.base}, ${e.count(p.T0)}, ${num(p.Tmult)}, ${num(p.min)}`),
  // PyTorch takes an integer T_mult (support.ts rejects a fractional one), printed as such.
  pytorch: (p, e) =>
    `lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=${e.count(p.T0)}, T_mult=${p.Tmult}, eta_min=${pyFloat(p.min)})`,
});
