import { NUMBER, oneOf, opt, req } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { inverseTimeSchedule } from "../../../runtime/schedules/index.ts";
import { baseParam } from "./base-param.ts";
import { defineSchedule } from "./definition.ts";

export const inverse_time = defineSchedule<"inverse_time">({
  entry: {
    name: "inverse_time",
    role: "schedule",
    params: [
      req("decay", NUMBER, "decay rate k", nonNegative),
      opt("per", oneOf("step", "epoch"), "epoch", "what t counts: optimizer steps or epochs"),
      baseParam,
    ],
    doc: "1/t decay: base/(1 + decay·t).",
    details: "value(t) = base/(1 + k·t) (CS231n's 1/t decay). Satisfies the Robbins–Monro conditions for SGD convergence.",
  },
  needsLength: false,
  plan: (a, c) => ({ kind: "inverse_time", decay: a.number("decay"), unit: c.unit }),
  counts: () => [],
  extremes: () => [],
  value: (p, k, c) => inverseTimeSchedule(k, c.base, p.decay),
  typescript: (p, e) => e.call("inverseTimeSchedule", `${e.base}, ${num(p.decay)}`),
  pytorch: (p) =>
    `lr_scheduler.LambdaLR(optimizer, lambda k: 1 / (1 + ${pyFloat(p.decay)} * k))  # inverse-time decay: base / (1 + decay·k)`,
});
