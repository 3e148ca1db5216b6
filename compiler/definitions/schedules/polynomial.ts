import { DURATION, NUMBER, opt } from "../../registry/params.ts";
import { positive } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { polynomialSchedule } from "../../../runtime/schedules/index.ts";
import { baseParam } from "./base-param.ts";
import { defineSchedule } from "./definition.ts";

export const polynomial = defineSchedule<"polynomial">({
  entry: {
    name: "polynomial",
    role: "schedule",
    params: [
      opt("steps", DURATION, undefined, "length of the decay (or give it with `for`)"),
      opt("power", NUMBER, 1, "exponent", positive),
      baseParam,
    ],
    doc: "Polynomial decay to zero (PolynomialLR).",
    details: "value(t) = base·(1 − min(t, steps)/steps)^power. power = 1 is a linear decay to zero at the end of training.",
  },
  lengthParam: "steps",
  needsLength: true,
  plan: (a, c) => ({ kind: "polynomial", steps: c.length as number, power: a.number("power"), unit: c.unit }),
  counts: (p) => [p.steps],
  extremes: (p, count) => [count(p.steps)],
  value: (p, k, c) => polynomialSchedule(k, c.base, c.count(p.steps), p.power),
  typescript: (p, e) => e.call("polynomialSchedule", `${e.base}, ${e.count(p.steps)}, ${num(p.power)}`),
  pytorch: (p, e) => `lr_scheduler.PolynomialLR(optimizer, total_iters=${e.count(p.steps)}, power=${pyFloat(p.power)})`,
});
