import { DURATION, NUMBER, opt } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { linearSchedule } from "../../../runtime/schedules/index.ts";
import { baseParam } from "./base-param.ts";
import { defineSchedule } from "./definition.ts";

export const linear = defineSchedule<"linear">({
  entry: {
    name: "linear",
    confusedWith: {
      warmup: "a linear warm-up is linear(0.1, 1, 500 steps)",
      linear_warmup: "a linear warm-up is linear(0.1, 1, 500 steps)",
    },
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
  },
  lengthParam: "steps",
  needsLength: true,
  plan: (a, c) => ({ kind: "linear", from: a.number("from"), to: a.number("to"), steps: c.length as number, unit: c.unit }),
  counts: (p) => [p.steps],
  extremes: (p, count) => [count(p.steps)],
  value: (p, k, c) => linearSchedule(k, c.base, p.from, p.to, c.count(p.steps)),
  typescript: (p, e) => e.call("linearSchedule", `${e.base}, ${num(p.from)}, ${num(p.to)}, ${e.count(p.steps)}`),
  pytorch: (p, e) =>
    `lr_scheduler.LinearLR(optimizer, start_factor=${pyFloat(p.from)}, end_factor=${pyFloat(p.to)}, total_iters=${e.count(p.steps)})`,
});
