import { DURATION, NUMBER, opt, req } from "../../registry/params.ts";
import { positive } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { stepSchedule } from "../../../runtime/schedules/index.ts";
import { baseParam } from "./base-param.ts";
import { defineSchedule } from "./definition.ts";

export const step = defineSchedule<"step">({
  entry: {
    name: "step",
    confusedWith: { steplr: "StepLR is step" },
    // `step` is also a unit keyword; `step_decay` is always callable whatever the parser does with it.
    aliases: ["step_decay"],
    role: "schedule",
    params: [req("size", DURATION, "period between decays"), opt("gamma", NUMBER, 0.1, "decay factor", positive), baseParam],
    doc: "Step decay (StepLR): multiply by gamma every `size`.",
    details:
      "value(t) = base·γ^⌊t/size⌋. The classic CS231n recipe: drop the learning rate by 10× (or 2×) every few " +
      "epochs, when validation error plateaus.",
  },
  needsLength: false,
  plan: (a, c) => ({ kind: "step", size: c.convert(a.duration("size")), gamma: a.number("gamma"), unit: c.unit }),
  counts: (p) => [p.size],
  extremes: () => [],
  value: (p, k, c) => stepSchedule(k, c.base, c.count(p.size), p.gamma),
  typescript: (p, e) => e.call("stepSchedule", `${e.base}, ${e.count(p.size)}, ${num(p.gamma)}`),
  pytorch: (p, e) => `lr_scheduler.StepLR(optimizer, step_size=${e.count(p.size)}, gamma=${pyFloat(p.gamma)})`,
});
