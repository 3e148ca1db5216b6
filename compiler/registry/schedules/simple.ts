import { baseParam } from "./base.ts";
import type { RegistryEntry } from "../types.ts";
import { DURATION, DURATIONS, NUMBER, oneOf, opt, req } from "../params.ts";
import { nonNegative, positive } from "../range.ts";

export const constant: RegistryEntry = {
  name: "constant",
  role: "schedule",
  params: [opt("factor", NUMBER, 1, "multiplier of the base value", nonNegative), baseParam],
  doc: "A constant multiple of the base value (ConstantLR with no end).",
  details: "value(t) = base·factor. Mostly the tail of a sequence: `... then constant()`.",
};

export const step: RegistryEntry = {
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
};

export const multistep: RegistryEntry = {
  name: "multistep",
  role: "schedule",
  params: [
    req("milestones", DURATIONS, "increasing times at which to decay"),
    opt("gamma", NUMBER, 0.1, "decay factor", positive),
    baseParam,
  ],
  doc: "Decay by gamma at each milestone (MultiStepLR).",
  details: "value(t) = base·γ^{#milestones ≤ t}. Step decay at hand-picked times, e.g. [30 epochs, 60 epochs].",
};

export const exponential: RegistryEntry = {
  name: "exponential",
  confusedWith: { exponential_decay: "exponential(gamma)", exp_decay: "exponential(gamma)", exponentiallr: "ExponentialLR is exponential" },
  role: "schedule",
  params: [
    req("gamma", NUMBER, "decay per step (or epoch)", positive),
    opt("per", oneOf("step", "epoch"), "epoch", "what t counts: optimizer steps or epochs"),
    baseParam,
  ],
  doc: "Exponential decay (ExponentialLR): base·γᵗ.",
  details: "value(t) = base·γᵗ. Smooth decay (CS231n's α = α₀e^{−kt}); γ close to 1 per step, e.g. 0.95 per epoch.",
};

export const inverseTime: RegistryEntry = {
  name: "inverse_time",
  role: "schedule",
  params: [
    req("decay", NUMBER, "decay rate k", nonNegative),
    opt("per", oneOf("step", "epoch"), "epoch", "what t counts: optimizer steps or epochs"),
    baseParam,
  ],
  doc: "1/t decay: base/(1 + decay·t).",
  details: "value(t) = base/(1 + k·t) (CS231n's 1/t decay). Satisfies the Robbins–Monro conditions for SGD convergence.",
};
