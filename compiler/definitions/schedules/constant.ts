import { NUMBER, opt } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { constantSchedule } from "../../../runtime/schedules/index.ts";
import { baseParam } from "./base-param.ts";
import { defineSchedule } from "./definition.ts";

export const constant = defineSchedule<"constant">({
  entry: {
    name: "constant",
    role: "schedule",
    params: [opt("factor", NUMBER, 1, "multiplier of the base value", nonNegative), baseParam],
    doc: "A constant multiple of the base value (ConstantLR with no end).",
    details: "value(t) = base·factor. Mostly the tail of a sequence: `... then constant()`.",
  },
  needsLength: false,
  plan: (a, c) => ({ kind: "constant", factor: a.number("factor"), unit: c.unit }),
  counts: () => [],
  extremes: () => [],
  value: (p, k, c) => constantSchedule(k, c.base, p.factor),
  typescript: (p, e) => e.call("constantSchedule", `${e.base}, ${num(p.factor)}`),
  pytorch: (p) => `lr_scheduler.LambdaLR(optimizer, lambda k: ${pyFloat(p.factor)})  # a constant factor`,
});
