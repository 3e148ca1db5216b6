import { NUMBER, oneOf, opt, req } from "../../registry/params.ts";
import { positive } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { exponentialSchedule } from "../../../runtime/schedules/index.ts";
import { baseParam } from "./base-param.ts";
import { defineSchedule } from "./definition.ts";

export const exponential = defineSchedule<"exponential">({
  entry: {
    name: "exponential",
    confusedWith: {
      exponential_decay: "exponential(gamma)",
      exp_decay: "exponential(gamma)",
      exponentiallr: "ExponentialLR is exponential",
    },
    role: "schedule",
    params: [
      req("gamma", NUMBER, "decay per step (or epoch)", positive),
      opt("per", oneOf("step", "epoch"), "epoch", "what t counts: optimizer steps or epochs"),
      baseParam,
    ],
    doc: "Exponential decay (ExponentialLR): base·γᵗ.",
    details: "value(t) = base·γᵗ. Smooth decay (CS231n's α = α₀e^{−kt}); γ close to 1 per step, e.g. 0.95 per epoch.",
  },
  needsLength: false,
  plan: (a, c) => ({ kind: "exponential", gamma: a.number("gamma"), unit: c.unit }),
  counts: () => [],
  extremes: () => [],
  value: (p, k, c) => exponentialSchedule(k, c.base, p.gamma),
  typescript: (p, e) => e.call("exponentialSchedule", `${e.base}, ${num(p.gamma)}`),
  pytorch: (p) => `lr_scheduler.ExponentialLR(optimizer, gamma=${pyFloat(p.gamma)})`,
});
