import { DURATIONS, NUMBER, opt, req } from "../../registry/params.ts";
import { positive } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { multistepSchedule } from "../../../runtime/schedules/index.ts";
import { baseParam } from "./base-param.ts";
import { defineSchedule } from "./definition.ts";

export const multistep = defineSchedule<"multistep">({
  entry: {
    name: "multistep",
    role: "schedule",
    params: [
      req("milestones", DURATIONS, "increasing times at which to decay"),
      opt("gamma", NUMBER, 0.1, "decay factor", positive),
      baseParam,
    ],
    doc: "Decay by gamma at each milestone (MultiStepLR).",
    details: "value(t) = base·γ^{#milestones ≤ t}. Step decay at hand-picked times, e.g. [30 epochs, 60 epochs].",
  },
  needsLength: false,
  plan: (a, c) => ({ kind: "multistep", milestones: a.durations("milestones").map(c.convert), gamma: a.number("gamma"), unit: c.unit }),
  counts: (p) => [...p.milestones],
  extremes: () => [],
  value: (p, k, c) => multistepSchedule(k, c.base, p.milestones.map(c.count), p.gamma),
  typescript: (p, e) => e.call("multistepSchedule", `${e.base}, [${p.milestones.map(e.count).join(", ")}], ${num(p.gamma)}`),
  pytorch: (p, e) => `lr_scheduler.MultiStepLR(optimizer, milestones=[${p.milestones.map(e.count).join(", ")}], gamma=${pyFloat(p.gamma)})`,
});
