import type { Span } from "../../../grammar/span.ts";
import { BOOLEAN, NUMBER, opt } from "../../registry/params.ts";
import { nonNegative, unitClosed } from "../../registry/range.ts";
import { defineOptimizer } from "./definition.ts";
import { hyperparameterConstant, py } from "./emit.ts";
import { eps, lr, weightDecay } from "./params.ts";

export interface RmspropPlan {
  readonly name: "rmsprop";
  readonly lr: number;
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly centered: boolean;
  readonly span: Span;
}

export const rmsprop = defineOptimizer<RmspropPlan>({
  entry: {
    name: "rmsprop",
    role: "optimizer",
    params: [
      lr(0.01),
      opt("alpha", NUMBER, 0.99, "smoothing constant of the squared-gradient average", unitClosed),
      eps(1e-8),
      weightDecay(0),
      opt("momentum", NUMBER, 0, "momentum factor", nonNegative),
      opt("centered", BOOLEAN, false, "normalize by the estimated variance instead of the second moment"),
    ],
    doc: "RMSprop: divide the gradient by a running RMS of recent gradients.",
    details:
      "v ← α·v + (1 − α)·g², θ ← θ − lr·g/(√v + ε) (Hinton's lecture 6e). Like Adagrad but with a leaky average, " +
      "so step sizes adapt without decaying to zero. `centered` subtracts the squared mean gradient from v.",
  },
  plan: (a, span) => ({
    name: "rmsprop",
    lr: a.number("lr"),
    alpha: a.number("alpha"),
    eps: a.number("eps"),
    weightDecay: a.number("weight_decay"),
    momentum: a.number("momentum"),
    centered: a.boolean("centered"),
    span,
  }),
  scheduled: (p) => ({ lr: p.lr, momentum: { name: "momentum", base: p.momentum }, weightDecay: p.weightDecay }),
  typescript: (p) => ({
    kind: "step",
    runtimeImports: ["rmspropStep", "type RmspropHyperparameters"],
    hyperparameters: hyperparameterConstant(
      "RMSPROP",
      "RmspropHyperparameters",
      "RMSprop's hyperparameters; lr, momentum and weight decay follow their schedules.",
      {
        alpha: p.alpha,
        eps: p.eps,
        centered: p.centered,
      },
    ),
    state: [
      { field: "squareAvg", torchName: "square_avg", initial: 0 },
      ...(p.centered ? [{ field: "gradAvg", torchName: "grad_avg", initial: 0 }] : []),
      { field: "momentumBuffer", torchName: "momentum_buffer", initial: 0 },
    ],
    scalarState: [],
    stepScalars: "",
    call: (group) =>
      `rmspropStep(RMSPROP, step, ${group}, P, G, this.squareAvg, ${p.centered ? "this.gradAvg" : "null"}, this.momentumBuffer);`,
  }),
  pytorch: (p) => ({
    cls: "torch.optim.RMSprop",
    args: [
      ["lr", py.float(p.lr)],
      ["alpha", py.float(p.alpha)],
      ["eps", py.float(p.eps)],
      ["weight_decay", py.float(p.weightDecay)],
      ["momentum", py.float(p.momentum)],
      ["centered", py.bool(p.centered)],
    ],
  }),
});
