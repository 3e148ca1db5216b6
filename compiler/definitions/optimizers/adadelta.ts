import type { Span } from "../../../grammar/span.ts";
import { NUMBER, opt } from "../../registry/params.ts";
import { unitClosed } from "../../registry/range.ts";
import { defineOptimizer } from "./definition.ts";
import { hyperparameterConstant, py } from "./emit.ts";
import { eps, lr, weightDecay } from "./params.ts";

export interface AdadeltaPlan {
  readonly name: "adadelta";
  readonly lr: number;
  readonly rho: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly span: Span;
}

export const adadelta = defineOptimizer<AdadeltaPlan>({
  entry: {
    name: "adadelta",
    role: "optimizer",
    params: [lr(1.0), opt("rho", NUMBER, 0.9, "decay of the running averages", unitClosed), eps(1e-6), weightDecay(0)],
    doc: "Adadelta: RMSprop whose step is rescaled by a running average of past updates.",
    details:
      "E[g²] ← ρE[g²] + (1 − ρ)g², Δ = √(E[Δ²] + ε)/√(E[g²] + ε)·g, E[Δ²] ← ρE[Δ²] + (1 − ρ)Δ², θ ← θ − lr·Δ. " +
      "The ratio of RMS values gives updates the units of the parameters, so lr = 1 is the natural default (Zeiler 2012).",
  },
  plan: (a, span) => ({
    name: "adadelta",
    lr: a.number("lr"),
    rho: a.number("rho"),
    eps: a.number("eps"),
    weightDecay: a.number("weight_decay"),
    span,
  }),
  scheduled: (p) => ({ lr: p.lr, momentum: undefined, weightDecay: p.weightDecay }),
  typescript: (p) => ({
    kind: "step",
    runtimeImports: ["adadeltaStep", "type AdadeltaHyperparameters"],
    hyperparameters: hyperparameterConstant(
      "ADADELTA",
      "AdadeltaHyperparameters",
      "Adadelta's hyperparameters; lr and weight decay follow their schedules.",
      {
        rho: p.rho,
        eps: p.eps,
      },
    ),
    state: [
      { field: "squareAvg", torchName: "square_avg", initial: 0 },
      { field: "accDelta", torchName: "acc_delta", initial: 0 },
    ],
    scalarState: [],
    stepScalars: "",
    call: (group) => `adadeltaStep(ADADELTA, step, ${group}, P, G, this.squareAvg, this.accDelta);`,
  }),
  pytorch: (p) => ({
    cls: "torch.optim.Adadelta",
    args: [
      ["lr", py.float(p.lr)],
      ["rho", py.float(p.rho)],
      ["eps", py.float(p.eps)],
      ["weight_decay", py.float(p.weightDecay)],
    ],
  }),
});
