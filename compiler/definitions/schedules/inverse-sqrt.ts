import { DURATION } from "../../registry/params.ts";
import { inverseSqrtSchedule } from "../../../runtime/schedules/index.ts";
import { baseParam } from "./base-param.ts";
import { defineSchedule } from "./definition.ts";

export const inverse_sqrt = defineSchedule<"inverse_sqrt">({
  entry: {
    name: "inverse_sqrt",
    role: "schedule",
    params: [{ name: "warmup", type: DURATION, required: true, doc: "warm-up length W" }, baseParam],
    doc: "Linear warm-up then 1/√t decay (the Transformer schedule).",
    details: "factor(t) = min((t + 1)/W, √(W/(t + 1))): rises linearly for W steps, then decays as 1/√t (Vaswani et al. 2017).",
  },
  needsLength: false,
  plan: (a, c) => ({ kind: "inverse_sqrt", warmup: c.convert(a.duration("warmup")), unit: c.unit }),
  counts: (p) => [p.warmup],
  extremes: (p, count) => [count(p.warmup) - 1],
  value: (p, k, c) => inverseSqrtSchedule(k, c.base, c.count(p.warmup)),
  typescript: (p, e) => e.call("inverseSqrtSchedule", `${e.base}, ${e.count(p.warmup)}`),
  pytorch: (p, e) =>
    `lr_scheduler.LambdaLR(optimizer, lambda k: min((k + 1) / ${e.count(p.warmup)}, math.sqrt(${e.count(p.warmup)} / (k + 1))))  # linear warm-up, then 1/√k`,
});
