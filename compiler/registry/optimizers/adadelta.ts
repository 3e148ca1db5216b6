import type { RegistryEntry } from "../types.ts";
import { NUMBER, opt } from "../params.ts";
import { unitClosed } from "../range.ts";
import { eps, lr, weightDecay } from "./common.ts";

export const adadelta: RegistryEntry = {
  name: "adadelta",
  role: "optimizer",
  params: [lr(1.0), opt("rho", NUMBER, 0.9, "decay of the running averages", unitClosed), eps(1e-6), weightDecay(0)],
  doc: "Adadelta: RMSprop whose step is rescaled by a running average of past updates.",
  details:
    "E[g²] ← ρE[g²] + (1 − ρ)g², Δ = √(E[Δ²] + ε)/√(E[g²] + ε)·g, E[Δ²] ← ρE[Δ²] + (1 − ρ)Δ², θ ← θ − lr·Δ. " +
    "The ratio of RMS values gives updates the units of the parameters, so lr = 1 is the natural default (Zeiler 2012).",
};
