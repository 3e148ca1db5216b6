import type { RegistryEntry } from "../types.ts";
import { BOOLEAN, DURATION, NUMBER, oneOf, opt, req } from "../params.ts";
import { openUnit, positive, unitClosed } from "../range.ts";

export const oneCycle: RegistryEntry = {
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
};
