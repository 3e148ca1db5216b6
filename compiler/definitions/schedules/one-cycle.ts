import { BOOLEAN, DURATION, NUMBER, oneOf, opt, req } from "../../registry/params.ts";
import { openUnit, positive, unitClosed } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyBool, pyFloat, pyStr } from "../../pytorch/literals.ts";
import { oneCycleLr, oneCycleMomentum } from "../../../runtime/schedules/index.ts";
import { defineSchedule } from "./definition.ts";

export const one_cycle = defineSchedule<"one_cycle">({
  entry: {
    name: "one_cycle",
    role: "schedule",
    params: [
      req("max", NUMBER, "peak learning rate", positive),
      opt("total", DURATION, undefined, "cycle length (default: the whole run)"),
      opt("pct", NUMBER, 0.3, "fraction of the cycle spent increasing", openUnit),
      opt("anneal", oneOf("cos", "linear"), "cos", "annealing shape"),
      opt("div", NUMBER, 25, "initial value = max/div", positive),
      opt("final_div", NUMBER, 1e4, "final value = initial/final_div", positive),
      opt("three_phase", BOOLEAN, false, "add a third phase annealing to the final value"),
      opt("cycle_momentum", BOOLEAN, true, "cycle momentum inversely to the learning rate"),
      opt("base_momentum", NUMBER, 0.85, "lowest momentum", unitClosed),
      opt("max_momentum", NUMBER, 0.95, "highest momentum", unitClosed),
    ],
    doc: "The 1cycle policy (OneCycleLR): warm up to max, then anneal far below the start.",
    details:
      "lr rises from max/div to max over pct of the cycle, then anneals to max/(div·final_div); momentum moves the " +
      'opposite way between max_momentum and base_momentum (Smith 2018, "super-convergence"). Counted in steps.',
  },
  lengthParam: "total",
  needsLength: true,
  plan: (a, c) => ({
    kind: "one_cycle",
    max: a.number("max"),
    total: c.length as number,
    pct: a.number("pct"),
    anneal: a.string<"cos" | "linear">("anneal"),
    div: a.number("div"),
    finalDiv: a.number("final_div"),
    threePhase: a.boolean("three_phase"),
    cycleMomentum: a.boolean("cycle_momentum"),
    baseMomentum: a.number("base_momentum"),
    maxMomentum: a.number("max_momentum"),
    unit: "steps",
  }),
  counts: (p) => [p.total],
  extremes: (p, count) => {
    const total = count(p.total);
    return [p.pct * total - 1, 2 * p.pct * total - 2, total - 1].flatMap((e) => [Math.floor(e), Math.ceil(e)]);
  },
  value: (p, k, c) =>
    c.oneCycle === "momentum"
      ? oneCycleMomentum(k, c.count(p.total), p.pct, p.anneal, p.threePhase, p.baseMomentum, p.maxMomentum)
      : oneCycleLr(k, p.max, c.count(p.total), p.pct, p.anneal, p.div, p.finalDiv, p.threePhase),
  typescript: (p, e) =>
    e.call(
      "oneCycleLr",
      `${num(p.max)}, ${e.count(p.total)}, ${num(p.pct)}, "${p.anneal}", ${num(p.div)}, ${num(p.finalDiv)}, ${p.threePhase}`,
    ),
  pytorch: (p, e) => {
    const maxLr = e.mults.every((m) => m === 1)
      ? pyFloat(p.max)
      : `[${e.mults.map((m) => `${pyFloat(p.max)} * ${pyFloat(m)}`).join(", ")}]`;
    return (
      `lr_scheduler.OneCycleLR(optimizer, max_lr=${maxLr}, total_steps=${e.count(p.total)}, pct_start=${pyFloat(p.pct)}, anneal_strategy=${pyStr(p.anneal)}, ` +
      `cycle_momentum=${pyBool(p.cycleMomentum)}, base_momentum=${pyFloat(p.baseMomentum)}, max_momentum=${pyFloat(p.maxMomentum)}, ` +
      `div_factor=${pyFloat(p.div)}, final_div_factor=${pyFloat(p.finalDiv)}, three_phase=${pyBool(p.threePhase)})`
    );
  },
});
